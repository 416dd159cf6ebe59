from django.dispatch import Signal

# Sent after a story gained an item or a version, once the transaction commits.
# Arguments: story_id (int), change ("created", "agency", "version").
story_changed = Signal()
