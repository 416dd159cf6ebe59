from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from rich.console import Console
from rich.table import Table

from wiredesk.ingest.models import Source


def _ago(value) -> str:
    return f"{timesince(value)} ago" if value else "never"


def _next(value) -> str:
    if value is None:
        return "now"
    return "now" if value <= timezone.now() else f"in {timeuntil(value)}"


class Command(BaseCommand):
    help = "Show every source and its health: last success, errors, next poll, volume."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object on stdout"
        )

    def handle(self, *args, **options) -> None:
        sources = list(Source.objects.with_health().order_by("name"))
        if options["json"]:
            self.stdout.write(json.dumps({"sources": [_row(s) for s in sources]}))
            return
        table = Table(title="wiredesk sources")
        for column in (
            "source", "kind", "format", "enabled", "last success", "failures",
            "last error", "next poll", "items 24h",
        ):  # fmt: skip
            table.add_column(column)
        for s in sources:
            table.add_row(
                f"{s.name}\n[dim]{s.location}[/]",
                s.kind,
                s.format,
                "yes" if s.enabled else "[red]no[/]",
                _ago(s.last_success_at),
                f"[red]{s.consecutive_failures}[/]" if s.consecutive_failures else "0",
                (s.last_error[:80] or "—"),
                _next(s.next_fetch_at) if s.enabled else "—",
                str(s.items_24h),
            )
        wide = None if sys.stdout.isatty() else 160
        Console(file=self.stdout, width=wide).print(table)


def _row(s: Source) -> dict[str, object]:
    def iso(value) -> str | None:
        return value.isoformat() if value else None

    return {
        "slug": s.slug,
        "name": s.name,
        "kind": s.kind,
        "location": s.location,
        "format": s.format,
        "enabled": s.enabled,
        "last_success_at": iso(s.last_success_at),
        "last_fetched_at": iso(s.last_fetched_at),
        "last_error": s.last_error,
        "consecutive_failures": s.consecutive_failures,
        "next_fetch_at": iso(s.next_fetch_at),
        "items_24h": s.items_24h,
    }
