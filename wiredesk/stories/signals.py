from django.dispatch import Signal

# Sent after a story changed, once the transaction commits. Arguments: story_id (int)
# and change: "created", "agency" (another agency joined), "version" (a new version
# of an item), "correction", "kill", "merged" (with absorbed=[ids of the stories
# merged into this one]) or "split" (with into= / split_from= story ids).
story_changed = Signal()

# Sent inside the transaction of an editor's merge or split (stories.editing),
# after its writes and before it commits: what a receiver writes (the desk's audit
# log) commits with the edit, and an exception from it undoes the edit. Arguments:
# story_id, change ("merged" or "split") and by (the editor, or None); "merged"
# adds absorbed (story ids), withdrawn (article id -> its state before, with the
# item ids its story held), into (the kept article's id, or None), kept_flag (its
# attention and attention_reason before the merge flagged it) and kept_items
# (the item ids the surviving story held before the merge: the desk records them
# in the kept article's "merged" audit entry, and desk.workflow.unmerge reads
# them there to tell which article a later split gives back); "split" adds into
# (the new story's id).
story_edited = Signal()
