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

from django.db import IntegrityError, connection, transaction
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
        "raw": extra_fields(parsed),
        "content_hash": content_hash(headline, body_text, parsed.signal.value),
        "parsed_hash": parsed_hash(parsed),
        "_signal": parsed.signal.value,
    }


def extra_fields(parsed: ParsedItem) -> dict[str, object]:
    """What the parser gave beyond the columns; the full payload is the RawDocument."""
    extra: dict[str, object] = {}
    for name in ("provider", "slug", "copyright"):
        if value := getattr(parsed, name):
            extra[name] = value
    if parsed.embargoed_until:
        extra["embargoed_until"] = parsed.embargoed_until.isoformat()
    if parsed.related:
        extra["related"] = list(parsed.related)
    return extra


def parsed_hash(parsed: ParsedItem) -> str:
    """Hash of the item as delivered: equal means unchanged, without sanitising."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (
        parsed.headline, parsed.body_html, parsed.body_text, parsed.summary,
        parsed.signal.value,
    ):  # fmt: skip
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


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
                data=zlib.compress(data, 1),  # fast; feeds compress well anyway
            )
    except IntegrityError:
        return RawDocument.objects.get(sha256=digest)


def _latest_versions(source: Source, guids: list[str]) -> dict[str, WireItem]:
    latest: dict[str, WireItem] = {}
    for start in range(0, len(guids), LOOKUP_CHUNK):
        chunk = guids[start : start + LOOKUP_CHUNK]
        rows = WireItem.objects.filter(source=source, guid__in=chunk).only(
            "id", "guid", "version", "content_hash", "parsed_hash", "first_created"
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
    # The same guid twice in one document: the last one is the current text.
    by_guid: dict[str, ParsedItem] = {}
    for parsed in items:
        by_guid[parsed.guid[:500]] = parsed
    report.counts["unchanged"] += len(items) - len(by_guid)
    latest = _latest_versions(source, list(by_guid))
    rows: list[tuple[WireItem, str]] = []
    for guid, parsed in by_guid.items():
        known = latest.get(guid)
        if known is not None and known.parsed_hash == parsed_hash(parsed):
            report.counts["unchanged"] += 1
            continue
        try:
            fields = item_fields(parsed, now)
        except Exception as exc:  # reported per item, the others go on
            report.errors.append((parsed.guid, f"{type(exc).__name__}: {exc}"))
            continue
        if known is not None and known.content_hash == fields["content_hash"]:
            report.counts["unchanged"] += 1
            continue
        rows.append(_new_row(source, fields, known, document))
    if not rows:
        return report
    try:
        with transaction.atomic():
            insert_rows([item for item, _ in rows])
            _announce(rows)
        report.counts.update(outcome for _, outcome in rows)
    except Exception:  # retry one by one to isolate the bad item
        log.info("%s: batch store failed, storing item by item", source.slug)
        for item, _ in rows:
            item.pk = None
            outcome, error = _store_one(source, item, document)
            if error:
                report.errors.append((item.guid, error))
            else:
                report.counts[outcome] += 1
    return report


def insert_rows(items: list[WireItem]) -> None:
    """INSERT many wire items with one executemany, then read back their ids.

    The ORM's bulk_create prepares every value through every field, which cost more
    than parsing and sanitising together; here only dates and JSON need adapting.
    """
    fields = [f for f in WireItem._meta.concrete_fields if not f.primary_key]
    adapt = []
    for f in fields:
        if f.get_internal_type() == "DateTimeField":
            adapt.append(connection.ops.adapt_datetimefield_value)
        elif f.get_internal_type() == "JSONField":
            adapt.append(lambda value, f=f: f.get_db_prep_save(value, connection))
        else:
            adapt.append(None)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(WireItem._meta.db_table)
    params = []
    for item in items:
        row = []
        for f, convert in zip(fields, adapt, strict=True):
            value = getattr(item, f.attname)
            row.append(convert(value) if convert and value is not None else value)
        params.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)
    keys: dict[tuple[str, int], WireItem] = {(i.guid, i.version): i for i in items}
    source_id = items[0].source_id
    guids = list({i.guid for i in items})
    for start in range(0, len(guids), LOOKUP_CHUNK):
        for pk, guid, version in WireItem.objects.filter(
            source_id=source_id, guid__in=guids[start : start + LOOKUP_CHUNK]
        ).values_list("pk", "guid", "version"):
            item = keys.get((guid, version))
            if item is not None:
                item.pk = pk
                item._state.adding = False


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
