from django.dispatch import Signal

# Sent after a story's draft was created or changed, once the transaction commits.
# Arguments: draft_id (int), created (bool).
draft_ready = Signal()
