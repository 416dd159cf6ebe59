"""Parse stored raw documents again with today's parsers (after a parser improves).

Items a document already gave are corrected in place — the agency did not send a new
version, our reading of it changed — and items the old parser missed are stored new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import transaction

from wiredesk.ingest.models import RawDocument, WireItem
from wiredesk.ingest.pipeline import parse_document
from wiredesk.ingest.store import item_fields, store_items, stored_guid
from wiredesk.ingest.wire import ParseError

KEEP = {"guid", "_signal", "first_created"}


def reprocess_document(doc: RawDocument) -> Counter:
    counts: Counter = Counter()
    try:
        parsed = parse_document(doc.content, doc.format, name=doc.name)
    except ParseError:
        counts["errors"] += 1
        return counts
    existing = {item.guid: item for item in WireItem.objects.filter(document=doc)}
    missing = []
    # As when storing, the last of several entries with one guid is the current one.
    # Keyed as stored (``stored_guid``): a guid with a NUL or a lone surrogate
    # is stored cleaned, and would otherwise never be found again.
    latest = {stored_guid(p.guid): p for p in parsed.items}
    for guid, parsed_item in latest.items():
        item = existing.get(guid)
        if item is None:
            missing.append(parsed_item)
            continue
        try:
            # An item the document gives no date keeps the time it was stored
            # with, as "now" stood in for it then: not the time of this run.
            fields = item_fields(parsed_item, item.published)
        except ValueError:  # a field that cannot be stored: the item stays as it is
            counts["errors"] += 1
            continue
        changed = [
            name for name, value in fields.items()
            if name not in KEEP and getattr(item, name) != value
        ]  # fmt: skip
        if changed:
            for name in changed:
                setattr(item, name, fields[name])
            item.save(update_fields=changed)
            counts["changed"] += 1
        else:
            counts["unchanged"] += 1
    if missing and doc.source is not None:
        report = store_items(doc.source, missing, doc)
        counts["new"] += report.counts["new"] + report.counts["updated"]
    return counts


def reprocess(
    documents, progress: Callable[[RawDocument], None] | None = None
) -> Counter:
    total: Counter = Counter()
    for doc in documents.iterator(chunk_size=50):
        with transaction.atomic():
            total.update(reprocess_document(doc))
        total["documents"] += 1
        if progress:
            progress(doc)
    return total
