"""The one orchestrator of ingest: fetch → parse → sanitise → store, once per item."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from wiredesk import registry
from wiredesk.ingest import sanitise
from wiredesk.ingest.fetchers.guard import FetchRefused
from wiredesk.ingest.fetchers.http import FetchError, FetchRequest
from wiredesk.ingest.models import FetchRun, Source, WireItem
from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.signals import wire_item_stored
from wiredesk.ingest.wire import ParsedFeed, ParsedItem, ParseError

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What one document or fetch did; counts by outcome plus reasons."""

    counts: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def parse_document(data: bytes, fmt: str = "auto", *, name: str = "") -> ParsedFeed:
    """Parse ``data`` with the named parser, or the one its bytes point to."""
    if fmt in {"", "auto"}:
        fmt = detect_format(data) or ""
        if not fmt:
            raise ParseError(
                f"{name or 'document'}: format not recognised from its bytes"
            )
    return registry.parsers.get(fmt).parse(data)


def content_hash(headline: str, body_text: str) -> str:
    """Hash of the normalised visible text: times and markup changes don't count."""
    normal = " ".join(f"{headline}\n{body_text}".lower().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, timezone.UTC)
    return value


def store_item(source: Source, parsed: ParsedItem) -> str:
    """Store one parsed item; returns "new", "updated" or "unchanged".

    A guid seen before with the same visible text is unchanged; with other text it
    becomes the next version of that item. The unique (source, guid, version)
    constraint makes a concurrent second store of the same item a no-op.
    """
    headline = sanitise.clean_text(parsed.headline)[:1000]
    body_html = sanitise.clean_html(
        parsed.body_html or sanitise.text_to_html(parsed.body_text)
    )
    body_text = sanitise.html_to_text(body_html)
    digest = content_hash(headline, body_text)
    now = timezone.now()
    published = _aware(parsed.published) or now
    fields = {
        "headline": headline,
        "summary": sanitise.clean_text(parsed.summary),
        "body_html": body_html,
        "body_text": body_text,
        "byline": sanitise.clean_text(parsed.byline)[:300],
        "dateline": sanitise.clean_text(parsed.dateline)[:300],
        "language": parsed.language[:16],
        "url": parsed.url[:1000],
        "urgency": parsed.urgency,
        "agency_version": parsed.version[:64],
        "first_created": _aware(parsed.first_created) or published,
        "published": published,
        "updated": _aware(parsed.updated) or published,
        "subjects": parsed.subjects,
        "places": parsed.places,
        "keywords": parsed.keywords,
        "media": [dataclasses.asdict(m) for m in parsed.media],
        "raw": dataclasses.asdict(parsed, dict_factory=_json_dict),
        "content_hash": digest,
    }
    guid = parsed.guid[:500]
    try:
        with transaction.atomic():
            latest = (
                WireItem.objects.filter(source=source, guid=guid)
                .order_by("-version")
                .first()
            )
            if latest is not None and latest.content_hash == digest:
                return "unchanged"
            version = 1 if latest is None else latest.version + 1
            if latest is not None and latest.first_created:
                # A new version keeps the item's first creation time.
                fields["first_created"] = min(
                    latest.first_created, fields["first_created"]
                )
            signal = parsed.signal.value
            if latest is not None and signal == WireItem.Signal.NEW:
                signal = WireItem.Signal.UPDATE
            item = WireItem.objects.create(
                source=source, guid=guid, version=version, signal=signal, **fields
            )
            outcome = "new" if version == 1 else "updated"
            transaction.on_commit(
                lambda: wire_item_stored.send(
                    sender=WireItem, item_id=item.pk, outcome=outcome
                )
            )
            return outcome
    except IntegrityError:
        # Another worker stored this very version a moment ago.
        return "unchanged"


def _json_dict(pairs: list[tuple[str, object]]) -> dict[str, object]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in pairs}


def ingest_document(
    source: Source, data: bytes, *, fmt: str | None = None, name: str = ""
) -> IngestReport:
    """Parse a document and store its items; one bad item never stops the others."""
    report = IngestReport()
    parsed = parse_document(data, fmt or source.format, name=name or source.slug)
    report.skipped.extend(parsed.skipped)
    for item in parsed.items:
        try:
            report.counts[store_item(source, item)] += 1
        except Exception as exc:
            log.exception("%s: item %s could not be stored", source.slug, item.guid)
            report.errors.append((item.guid, f"{type(exc).__name__}: {exc}"))
    return report


def fetch_source(source: Source) -> FetchRun:
    """Fetch one source over its transport and ingest what it returns.

    Every outcome is recorded as a FetchRun, and the next poll is planned with
    backoff on failure, so one broken source never stops the others.
    """
    run = FetchRun.objects.create(source=source)
    source.last_fetched_at = timezone.now()
    try:
        fetcher = registry.fetchers.get(source.kind)
        result = fetcher(
            FetchRequest(
                url=source.url,
                etag=source.etag,
                last_modified=source.last_modified,
                allow_private=source.allow_private or settings.FETCH_ALLOW_PRIVATE,
                timeout=settings.FETCH_TIMEOUT,
                max_bytes=settings.FETCH_MAX_BYTES,
            )
        )
        run.http_status = result.status
        if result.not_modified:
            run.outcome = FetchRun.Outcome.NOT_MODIFIED
        else:
            report = ingest_document(source, result.body)
            run.items_new = report.counts["new"]
            run.items_updated = report.counts["updated"]
            run.items_unchanged = report.counts["unchanged"]
            run.items_skipped = len(report.skipped)
            run.outcome = FetchRun.Outcome.OK
            if report.errors:
                run.error = "\n".join(f"{g}: {e}" for g, e in report.errors)
            source.etag = result.etag[:300]
            source.last_modified = result.last_modified[:100]
        source.consecutive_failures = 0
        source.last_error = ""
        source.last_success_at = timezone.now()
        source.schedule_next(failed=False)
    except (FetchError, FetchRefused, ParseError, LookupError) as exc:
        run.outcome = FetchRun.Outcome.ERROR
        run.error = str(exc)
        source.consecutive_failures += 1
        source.last_error = str(exc)
        source.schedule_next(failed=True)
        log.warning("source %s failed: %s", source.slug, exc)
    run.finished_at = timezone.now()
    run.save()
    source.save(
        update_fields=[
            "etag", "last_modified", "next_fetch_at", "last_fetched_at",
            "last_success_at", "consecutive_failures", "last_error",
        ]
    )  # fmt: skip
    return run
