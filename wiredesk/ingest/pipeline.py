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
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from wiredesk import registry
from wiredesk.ingest import fulltext
from wiredesk.ingest.fetchers.guard import FetchRefused
from wiredesk.ingest.fetchers.http import FetchError, FetchRequest, FetchResult
from wiredesk.ingest.models import FetchRun, HostSlot, Source
from wiredesk.ingest.parsers.detect import describe_unknown, detect_format
from wiredesk.ingest.store import save_document, store_items
from wiredesk.ingest.wire import ParsedFeed, ParseError

log = logging.getLogger(__name__)
FOLDER_SETTLE_SECONDS = 2.0  # a file younger than this may still be being written


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
    parsed = parse_document(data, fmt or source.format, name=name)
    report = IngestReport(format=parsed.format)
    report.skipped.extend(parsed.skipped)
    if source.fetch_full_text:
        fulltext.complete_teasers(source, parsed.items)
    document = (
        save_document(source, data, parsed.format, name) if parsed.items else None
    )
    stored = store_items(source, parsed.items, document)
    report.counts.update(stored.counts)
    report.errors.extend(stored.errors)
    return report


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


def _fetch_http(source: Source, run: FetchRun) -> tuple[IngestReport | None, float]:
    """Fetch a feed over HTTP; returns the report (None if not modified), wait hint."""
    host = urlsplit(source.url).hostname or ""
    for _ in range(20):
        wait = claim_host(host, settings.FETCH_HOST_DELAY)
        if not wait:
            break
        time.sleep(min(wait, 1.0))
    fetcher = registry.fetchers.get(source.kind)
    result: FetchResult = fetcher(
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
        return None, result.max_age
    data = transcode_for_transport(result.body, result.charset)
    report = ingest_document(source, data, name=source.url)
    source.etag = result.etag[:300]
    source.last_modified = result.last_modified[:100]
    return report, result.max_age


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
