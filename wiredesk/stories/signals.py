from django.dispatch import Signal

# Sent after a story changed, once the transaction commits. Arguments: story_id (int)
# and change: "created", "agency" (another agency joined), "version" (a new version
# of an item), "correction", "kill", "merged" (with absorbed=[ids of the stories
# merged into this one]) or "split" (with into= / split_from= story ids).
story_changed = Signal()
