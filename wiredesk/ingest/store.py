"""Store parsed items once: new, a new version of an item, or unchanged.

An item is keyed by (source, guid); its visible text (headline, body, signal) is
hashed, and only a different hash makes a new version, linked to the one before.
Documents are stored in batches — one lookup of the guids already known and one
bulk insert — and fall back to item-by-item storing when a batch fails, so one bad
item never costs the others.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from wiredesk.ingest import sanitise
from wiredesk.ingest.models import RawDocument, Source, WireItem
from wiredesk.ingest.signals import wire_item_stored
from wiredesk.ingest.wire import ParsedItem, Signal

log = logging.getLogger(__name__)
LOOKUP_CHUNK = 500


@dataclass
class StoreReport:
    counts: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)


def content_hash(headline: str, body_text: str, signal: str = Signal.NEW) -> str:
    """Hash of the normalised visible text: times and markup changes don't count."""
    normal = " ".join(f"{headline}\n{body_text}".lower().split())
    if signal in (Signal.CORRECTION, Signal.KILL):
        normal = f"{signal}\n{normal}"
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, timezone.UTC)
    return value


def _json_dict(pairs: list[tuple[str, object]]) -> dict[str, object]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in pairs}


def item_fields(parsed: ParsedItem, now: datetime) -> dict[str, object]:
    """The sanitised column values of one parsed item."""
    headline = sanitise.clean_text(parsed.headline)[:1000]
    body_html = sanitise.clean_html(
        parsed.body_html or sanitise.text_to_html(parsed.body_text)
    )
    body_text = sanitise.html_to_text(body_html)
    published = _aware(parsed.published) or _aware(parsed.updated) or now
    return {
        "guid": parsed.guid[:500],
        "headline": headline,
        "summary": sanitise.clean_text(parsed.summary),
        "body_html": body_html,
        "body_text": body_text,
        "byline": sanitise.clean_text(parsed.byline)[:300],
        "dateline": sanitise.clean_text(parsed.dateline)[:300],
        "language": (parsed.language or "")[:16],
        "url": (parsed.url or "")[:1000],
        "urgency": parsed.urgency,
        "agency_version": (parsed.version or "")[:64],
        "first_created": _aware(parsed.first_created) or published,
        "published": published,
        "updated": _aware(parsed.updated) or published,
        "subjects": list(parsed.subjects),
        "places": list(parsed.places),
        "keywords": list(parsed.keywords),
        "media": [dataclasses.asdict(m) for m in parsed.media],
        "raw": dataclasses.asdict(parsed, dict_factory=_json_dict),
        "content_hash": content_hash(headline, body_text, parsed.signal.value),
        "_signal": parsed.signal.value,
    }


def save_document(
    source: Source | None, data: bytes, fmt: str, name: str
) -> RawDocument:
    """Keep the document as received (once per distinct content), compressed."""
    digest = hashlib.sha256(data).hexdigest()
    doc = RawDocument.objects.filter(sha256=digest).first()
    if doc:
        return doc
    try:
        with transaction.atomic():
            return RawDocument.objects.create(
                source=source,
                sha256=digest,
                name=name[:1000],
                format=fmt,
                size=len(data),
                data=zlib.compress(data, 6),
            )
    except IntegrityError:
        return RawDocument.objects.get(sha256=digest)


def _latest_versions(source: Source, guids: list[str]) -> dict[str, WireItem]:
    latest: dict[str, WireItem] = {}
    for start in range(0, len(guids), LOOKUP_CHUNK):
        chunk = guids[start : start + LOOKUP_CHUNK]
        rows = WireItem.objects.filter(source=source, guid__in=chunk).only(
            "id", "guid", "version", "content_hash", "first_created"
        )
        for row in rows:
            if row.guid not in latest or row.version > latest[row.guid].version:
                latest[row.guid] = row
    return latest


def _new_row(
    source: Source,
    fields: dict[str, object],
    latest: WireItem | None,
    document: RawDocument | None,
) -> tuple[WireItem, str]:
    values = dict(fields)
    signal = values.pop("_signal")
    version = 1
    if latest is not None:
        version = latest.version + 1
        if signal == Signal.NEW:
            signal = Signal.UPDATE
        if latest.first_created:
            # A new version keeps the item's first creation time.
            values["first_created"] = min(latest.first_created, values["first_created"])
    item = WireItem(
        source=source,
        version=version,
        signal=signal,
        document=document,
        previous_id=latest.pk if latest else None,
        **values,
    )
    item.wire_signal = fields["_signal"]  # as delivered, for a retry on its own
    return item, ("new" if version == 1 else "updated")


def _announce(created: list[tuple[WireItem, str]]) -> None:
    def send() -> None:
        for item, outcome in created:
            wire_item_stored.send(sender=WireItem, item_id=item.pk, outcome=outcome)

    transaction.on_commit(send)


def store_items(
    source: Source,
    items: list[ParsedItem],
    document: RawDocument | None = None,
) -> StoreReport:
    """Store a document's items; returns counts of new, updated and unchanged."""
    report = StoreReport()
    now = timezone.now()
    prepared: list[tuple[ParsedItem, dict[str, object]]] = []
    for parsed in items:
        try:
            prepared.append((parsed, item_fields(parsed, now)))
        except Exception as exc:  # reported per item, others go on
            report.errors.append((parsed.guid, f"{type(exc).__name__}: {exc}"))
    # The same guid twice in one document: the last one is the current text.
    by_guid: dict[str, dict[str, object]] = {}
    for _, fields in prepared:
        by_guid[str(fields["guid"])] = fields
    latest = _latest_versions(source, list(by_guid))
    rows: list[tuple[WireItem, str]] = []
    for guid, fields in by_guid.items():
        known = latest.get(guid)
        if known is not None and known.content_hash == fields["content_hash"]:
            report.counts["unchanged"] += 1
            continue
        rows.append(_new_row(source, fields, known, document))
    report.counts["unchanged"] += len(prepared) - len(by_guid)
    if not rows:
        return report
    try:
        with transaction.atomic():
            WireItem.objects.bulk_create([item for item, _ in rows])
            _announce(rows)
        report.counts.update(outcome for _, outcome in rows)
    except Exception:  # retry one by one to isolate the bad item
        log.info("%s: batch store failed, storing item by item", source.slug)
        for item, _ in rows:
            outcome, error = _store_one(source, item, document)
            if error:
                report.errors.append((item.guid, error))
            else:
                report.counts[outcome] += 1
    return report


def _store_one(
    source: Source, item: WireItem, document: RawDocument | None
) -> tuple[str, str]:
    """Store one prepared item on its own; a concurrent duplicate is unchanged."""
    try:
        with transaction.atomic():
            known = _latest_versions(source, [item.guid]).get(item.guid)
            if known is not None and known.content_hash == item.content_hash:
                return "unchanged", ""
            fields = {
                f.attname: getattr(item, f.attname)
                for f in WireItem._meta.concrete_fields
                if f.attname not in {"id", "source_id", "version", "signal",
                                     "document_id", "previous_id"}
            }  # fmt: skip
            fields["_signal"] = item.wire_signal
            row, outcome = _new_row(source, fields, known, document)
            row.save()
            _announce([(row, outcome)])
            return outcome, ""
    except IntegrityError:
        return "unchanged", ""
    except Exception as exc:  # the error is reported for this item
        log.exception("%s: item %s could not be stored", source.slug, item.guid)
        return "", f"{type(exc).__name__}: {exc}"


def store_item(source: Source, parsed: ParsedItem) -> str:
    """Store one parsed item; returns "new", "updated" or "unchanged"."""
    report = store_items(source, [parsed])
    if report.errors:
        raise ValueError(report.errors[0][1])
    return next(iter(report.counts))
