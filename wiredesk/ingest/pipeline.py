"""The one orchestrator of ingest: fetch → parse → sanitise → store, once per item.

Transports (fetchers/) deliver bytes, parsers turn bytes into ParsedItems, store.py
writes them. This module calls them in order for a polled source, a drop folder or
the files and URLs given to `wiredesk ingest`, and records what happened.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from wiredesk import registry
from wiredesk.ingest import collector, fulltext
from wiredesk.ingest.fetchers.guard import FetchRefused
from wiredesk.ingest.fetchers.http import FetchError, FetchRequest, FetchResult
from wiredesk.ingest.models import FetchRun, HostSlot, Source, WireItem
from wiredesk.ingest.parsers import apmedia
from wiredesk.ingest.parsers.detect import describe_unknown, detect_format
from wiredesk.ingest.store import parsed_hash, save_document, store_items
from wiredesk.ingest.wire import ParsedFeed, ParseError

log = logging.getLogger(__name__)
FOLDER_SETTLE_SECONDS = 2.0  # a file younger than this may still be being written
MAX_PAGES_PER_POLL = 10  # AP next_page links followed in one poll
CURSOR_FAILURES = 3  # polls failing in a row on a remembered page: start again


class NotAWireDocument(ParseError):
    """No parser claims the document; the message says what it looks like instead."""


@dataclass
class IngestReport:
    """What one document, file or fetch did: counts by outcome plus reasons."""

    counts: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    format: str = ""

    def add(self, other: IngestReport) -> None:
        self.counts.update(other.counts)
        self.skipped.extend(other.skipped)
        self.errors.extend(other.errors)


def parse_document(data: bytes, fmt: str = "auto", *, name: str = "") -> ParsedFeed:
    """Parse ``data`` with the named parser, or the one its bytes point to."""
    label = name or "document"
    if fmt in {"", "auto"}:
        fmt = detect_format(data) or ""
        if not fmt:
            raise NotAWireDocument(f"{label}: {describe_unknown(data)}")
    try:
        spec = registry.parsers.get(fmt)
    except LookupError as exc:
        raise ParseError(f"{label}: {exc}") from exc
    try:
        return spec.parse(data)
    except ParseError as exc:
        message = str(exc)
        labelled = message if label in message else f"{label}: {message}"
        raise ParseError(labelled) from exc


def transcode_for_transport(data: bytes, charset: str) -> bytes:
    """Apply an HTTP charset to a document that declares none itself.

    XML with its own encoding declaration (or a BOM) and JSON (always UTF) keep
    their bytes; a plain document labelled e.g. ISO-8859-1 is turned into UTF-8.
    """
    charset = charset.lower()
    if not charset or charset in {"utf-8", "utf8", "us-ascii"}:
        return data
    head = data[:200]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"{", b"[")):
        return data
    if head.lstrip().startswith(b"<?xml") and b"encoding=" in head.split(b"?>")[0]:
        return data
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data


def ingest_document(
    source: Source,
    data: bytes,
    *,
    fmt: str | None = None,
    name: str = "",
) -> IngestReport:
    """Parse a document and store its items; one bad item never stops the others."""
    name = name or source.location or source.slug
    with collector.paused():
        parsed = parse_document(data, fmt or source.format, name=name)
    report = IngestReport(format=parsed.format)
    report.skipped.extend(parsed.skipped)
    if parsed.format == "apmedia" and source.kind == Source.Kind.HTTP:
        complete_ap_renditions(source, parsed, data, report)
    if source.fetch_full_text:
        fulltext.complete_teasers(source, parsed.items)
    document = (
        save_document(source, data, parsed.format, name) if parsed.items else None
    )
    with collector.paused():
        stored = store_items(source, parsed.items, document)
    report.counts.update(stored.counts)
    report.errors.extend(stored.errors)
    return report


def _request(source: Source, url: str, **conditional: str) -> FetchRequest:
    """A GET under the source's guard and the global limits."""
    return FetchRequest(
        url=url,
        allow_private=source.allow_private or settings.FETCH_ALLOW_PRIVATE,
        timeout=settings.FETCH_TIMEOUT,
        max_bytes=settings.FETCH_MAX_BYTES,
        **conditional,
    )


def complete_ap_renditions(
    source: Source, parsed: ParsedFeed, data: bytes, report: IngestReport
) -> None:
    """Fill AP items whose story is only in their NITF rendition, by a second fetch.

    The rendition goes through the source's fetcher (same guard and limits) and the
    NITF parser. An item already stored at this AP version is not fetched again and
    counts as unchanged. A failed fetch is an error of that item alone: it is
    stored with its summary as body (as the JSON has it) and fetched again when
    AP delivers it next.
    """
    wanted = apmedia.nitf_renditions(data)
    if not wanted:
        return
    stored: dict[str, WireItem] = {}
    for row in (
        WireItem.objects.filter(source=source, guid__in=list(wanted))
        .only("guid", "version", "agency_version", "parsed_hash")
        .order_by("version")
    ):
        stored[row.guid] = row  # the latest version last
    fetcher = registry.fetchers.get(source.kind)
    kept = []
    for item in parsed.items:
        href = wanted.get(item.guid)
        known = stored.get(item.guid)
        # Stored at this version, complete (not only the summary): unchanged.
        if (
            href
            and known
            and item.version
            and known.agency_version == item.version
            and known.parsed_hash != parsed_hash(item)
        ):
            report.counts["unchanged"] += 1
            continue
        if href:
            url = apmedia.with_api_key(source.url, urljoin(source.url, href))
            try:
                rendition = fetcher(_request(source, url))
                item.body_html, item.body_text = apmedia.body_from_nitf(rendition.body)
            except (FetchError, FetchRefused, ParseError) as exc:
                report.errors.append((item.guid, f"NITF rendition {url}: {exc}"))
        kept.append(item)
    parsed.items[:] = kept


# -- polled sources -----------------------------------------------------------


def claim_host(host: str, gap: float) -> float:
    """Take the host's next request slot; returns seconds to wait (0: go now).

    Kept in the database, so workers on several machines share one politeness
    limit per host.
    """
    now = timezone.now()
    until = now + timedelta(seconds=gap)
    with transaction.atomic():
        taken = HostSlot.objects.filter(host=host, next_allowed_at__lte=now).update(
            next_allowed_at=until
        )
        if taken:
            return 0.0
        try:
            with transaction.atomic():
                HostSlot.objects.create(host=host, next_allowed_at=until)
            return 0.0
        except IntegrityError:
            slot = HostSlot.objects.get(host=host)
            return max(0.01, (slot.next_allowed_at - now).total_seconds())


def _wait_for_host(url: str) -> None:
    host = urlsplit(url).hostname or ""
    for _ in range(20):
        wait = claim_host(host, settings.FETCH_HOST_DELAY)
        if not wait:
            break
        time.sleep(min(wait, 1.0))


def resume_url(source: Source) -> str:
    """The page a paged source (AP next_page) stopped at, "" to start at its URL.

    Kept on the source row with the source URL it belongs to, so any worker resumes
    where the last poll stopped and an edited URL starts afresh; storing is
    idempotent, so starting again at the source URL duplicates nothing.
    """
    if source.next_page_url and source.next_page_of == source.url:
        return source.next_page_url
    return ""


def remember_page(source: Source, url: str) -> None:
    """Note where the next poll starts; saved with the source's poll outcome."""
    source.next_page_url = url
    source.next_page_of = source.url if url else ""


def _fetch_http(source: Source, run: FetchRun) -> tuple[IngestReport | None, float]:
    """Fetch a feed over HTTP; returns the report (None if not modified), wait hint.

    An AP Media API page's ``next_page`` is followed, up to MAX_PAGES_PER_POLL
    pages, while pages bring items; where it stopped is remembered, and the next
    poll starts there. Conditional GET applies to the source URL itself.
    """
    fetcher = registry.fetchers.get(source.kind)
    url = resume_url(source) or source.url
    total: IngestReport | None = None
    fresh_for = 0.0
    for page in range(MAX_PAGES_PER_POLL):
        _wait_for_host(url)
        first = url == source.url
        conditional = (
            {"etag": source.etag, "last_modified": source.last_modified}
            if first
            else {}
        )
        try:
            result: FetchResult = fetcher(_request(source, url, **conditional))
            if page == 0:
                run.http_status = result.status
                fresh_for = result.max_age
            if result.not_modified:
                break
            data = transcode_for_transport(result.body, result.charset)
            report = ingest_document(source, data, name=url)
        except (FetchError, FetchRefused, ParseError):
            if not first and source.consecutive_failures + 1 >= CURSOR_FAILURES:
                remember_page(source, "")  # a dead cursor must not hold the source
            raise
        if first:
            source.etag = result.etag[:300]
            source.last_modified = result.last_modified[:100]
        if total is None:
            total = report
        else:
            total.add(report)
        if report.format != "apmedia":
            break
        following = apmedia.next_page(data, result.url)
        following = apmedia.with_api_key(source.url, following) if following else ""
        remember_page(source, following)
        delivered = sum(report.counts.values()) + len(report.skipped)
        if not following or following == url or not delivered:
            break
        url = following
    return total, fresh_for


def fetch_source(source: Source) -> FetchRun:
    """Poll one source over its transport and ingest what it delivers.

    Every outcome is recorded as a FetchRun and on the source (last success, last
    error, consecutive failures), and the next poll is planned with backoff on
    failure, so one broken source never stops the others.
    """
    run = FetchRun.objects.create(source=source)
    source.last_fetched_at = timezone.now()
    try:
        if source.kind == Source.Kind.FOLDER:
            report, fresh_for = ingest_folder(source), 0.0
        else:
            report, fresh_for = _fetch_http(source, run)
        if report is None:
            run.outcome = FetchRun.Outcome.NOT_MODIFIED
        else:
            run.items_new = report.counts["new"]
            run.items_updated = report.counts["updated"]
            run.items_unchanged = report.counts["unchanged"]
            run.items_skipped = len(report.skipped)
            run.outcome = FetchRun.Outcome.OK
            if report.errors:
                run.error = "\n".join(f"{where}: {why}" for where, why in report.errors)
        source.consecutive_failures = 0
        source.last_error = ""
        source.last_success_at = timezone.now()
        source.schedule_next(failed=False, not_before=fresh_for)
    except (FetchError, FetchRefused, ParseError, LookupError, OSError) as exc:
        run.outcome = FetchRun.Outcome.ERROR
        run.error = f"{source.slug}: {exc}"
        source.consecutive_failures += 1
        source.last_error = run.error
        source.schedule_next(failed=True, not_before=getattr(exc, "retry_after", 0.0))
        log.warning("source %s failed: %s", source.slug, exc)
    run.finished_at = timezone.now()
    run.save()
    source.save(
        update_fields=[
            "etag", "last_modified", "next_fetch_at", "last_fetched_at",
            "last_success_at", "consecutive_failures", "last_error",
            "next_page_url", "next_page_of",
        ]
    )  # fmt: skip
    return run


# -- files: drop folders and the command line ---------------------------------


def walk(path: Path) -> Iterator[Path]:
    """Files under ``path`` (or ``path`` itself), hidden files and folders left out."""
    if path.is_file():
        yield path
        return
    for child in sorted(path.rglob("*")):
        relative = child.relative_to(path).parts
        if child.is_file() and not any(part.startswith(".") for part in relative):
            yield child


def ingest_file(source: Source, path: Path, fmt: str | None = None) -> IngestReport:
    """Ingest one file; a file that is no wire document is a skip with its reason."""
    data = path.read_bytes()
    try:
        return ingest_document(source, data, fmt=fmt, name=str(path))
    except NotAWireDocument as exc:
        report = IngestReport()
        report.skipped.append((str(path), str(exc).split(": ", 1)[-1]))
        return report


def ingest_folder(source: Source) -> IngestReport:
    """Ingest the files of a drop folder, moving each to done/ or failed/.

    A failed file is moved beside a ``<name>.error.txt`` stating the error, so the
    desk can see and fix it; the other files carry on.
    """
    folder = Path(source.path)
    if not folder.is_dir():
        raise FetchError(f"drop folder {folder} does not exist")
    total = IngestReport()
    now = time.time()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if (
            path.name.startswith(".")
            or now - path.stat().st_mtime < FOLDER_SETTLE_SECONDS
        ):
            continue
        try:
            report = ingest_file(source, path)
        except (ParseError, OSError, ValueError) as exc:
            _move(path, folder / "failed", error=str(exc))
            total.errors.append((str(path), str(exc)))
            continue
        total.add(report)
        if report.errors:
            _move(path, folder / "failed", error="\n".join(e for _, e in report.errors))
        else:
            _move(path, folder / "done")
    return total


def _move(path: Path, target: Path, error: str = "") -> None:
    target.mkdir(exist_ok=True)
    destination = target / path.name
    if destination.exists():
        destination = target / f"{path.stem}.{int(time.time() * 1000)}{path.suffix}"
    shutil.move(str(path), destination)
    if error:
        destination.with_name(destination.name + ".error.txt").write_text(
            error + "\n", encoding="utf-8"
        )
