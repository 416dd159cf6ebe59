"""One-off ingestion of files, folders and URLs (`wiredesk ingest`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from wiredesk.ingest import pipeline
from wiredesk.ingest.fetchers.guard import FetchRefused
from wiredesk.ingest.fetchers.http import FetchError, FetchRequest, fetch
from wiredesk.ingest.models import Source
from wiredesk.ingest.wire import ParseError

DEFAULT_SOURCE = "local-files"


@dataclass
class BatchResult:
    """The `--json` contract of `wiredesk ingest`, and the per-input detail."""

    inputs: int = 0
    items_new: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    formats: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "inputs": self.inputs,
            "items_new": self.items_new,
            "items_updated": self.items_updated,
            "items_unchanged": self.items_unchanged,
            "skipped": self.skipped,
            "errors": self.errors,
            "formats": self.formats,
        }

    def record(self, label: str, report: pipeline.IngestReport) -> None:
        self.items_new += report.counts["new"]
        self.items_updated += report.counts["updated"]
        self.items_unchanged += report.counts["unchanged"]
        if report.format:
            self.formats[report.format] = self.formats.get(report.format, 0) + 1
        for where, why in report.skipped:
            entry = {"input": label, "reason": why}
            if where != label:
                entry["item"] = where
            self.skipped.append(entry)
        for where, why in report.errors:
            entry = {"input": label, "error": why}
            if where != label:
                entry["item"] = where
            self.errors.append(entry)


def resolve_source(name: str | None) -> Source:
    """The named source (slug or name), or the built-in one for local files."""
    if not name:
        source, _ = Source.objects.get_or_create(
            slug=DEFAULT_SOURCE,
            defaults={
                "name": "Local files",
                "agency": "agencies",
                "kind": Source.Kind.FILES,
                "enabled": False,
            },
        )
        return source
    found = (
        Source.objects.filter(slug=name).first()
        or Source.objects.filter(name=name).first()
    )
    if found is None:
        known = ", ".join(Source.objects.values_list("slug", flat=True)) or "none"
        raise LookupError(f"no source named {name!r} (known: {known})")
    return found


def expand(inputs: list[str]) -> Iterator[str]:
    """Each URL as given, each file, and the files under each folder (recursively)."""
    for value in inputs:
        if value.startswith(("http://", "https://")):
            yield value
        elif Path(value).is_dir():
            yield from (str(p) for p in pipeline.walk(Path(value)))
        else:
            yield value


def ingest_one(
    source: Source, label: str, fmt: str | None, allow_private: bool
) -> pipeline.IngestReport:
    if label.startswith(("http://", "https://")):
        result = fetch(
            FetchRequest(
                url=label,
                allow_private=allow_private
                or source.allow_private
                or settings.FETCH_ALLOW_PRIVATE,
                timeout=settings.FETCH_TIMEOUT,
                max_bytes=settings.FETCH_MAX_BYTES,
            )
        )
        data = pipeline.transcode_for_transport(result.body, result.charset)
        try:
            return pipeline.ingest_document(source, data, fmt=fmt, name=label)
        except pipeline.NotAWireDocument as exc:
            report = pipeline.IngestReport()
            report.skipped.append((label, str(exc).split(": ", 1)[-1]))
            return report
    path = Path(label)
    if not path.exists():
        raise FileNotFoundError(f"{label}: no such file or folder")
    return pipeline.ingest_file(source, path, fmt)


def run(
    inputs: list[str],
    *,
    source: Source,
    fmt: str | None = None,
    allow_private: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BatchResult:
    """Ingest every input; one failing input is an error entry, never a stop."""
    result = BatchResult()
    for label in expand(inputs):
        result.inputs += 1
        try:
            report = ingest_one(source, label, fmt, allow_private)
        except (ParseError, FetchError, FetchRefused, OSError, LookupError) as exc:
            message = str(exc)
            if not message.startswith(label):
                message = f"{label}: {message}"
            result.errors.append({"input": label, "error": message})
        else:
            result.record(label, report)
        if progress:
            progress(label)
    return result
