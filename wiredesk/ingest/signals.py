"""Signals by which later stages learn of new wire items without ingest knowing them."""

from django.dispatch import Signal

# Sent after the transaction that stored a new wire item (or a new version) commits.
# Arguments: item_id (int), outcome ("new" or "updated").
wire_item_stored = Signal()
