from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from wiredesk import registry
from wiredesk.ingest import batch


class Command(BaseCommand):
    help = "Ingest files, folders (recursively) and URLs once, outside any schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inputs", nargs="+", metavar="PATH|URL")
        parser.add_argument(
            "--source",
            help="slug or name of the source to file the items under "
            f"(default: a '{batch.DEFAULT_SOURCE}' source)",
        )
        parser.add_argument(
            "--format",
            help="parser to use instead of detecting the format: "
            + ", ".join(registry.parsers.names()),
        )
        parser.add_argument(
            "--allow-private",
            action="store_true",
            help="allow URLs on loopback and private addresses",
        )
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object on stdout"
        )

    def handle(self, *args, **options) -> None:
        fmt = options["format"]
        if fmt and fmt not in registry.parsers:
            known = ", ".join(registry.parsers.names())
            raise CommandError(f"--format {fmt!r} is not a parser (known: {known})")
        try:
            source = batch.resolve_source(options["source"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        labels = list(batch.expand(options["inputs"]))
        console = Console(stderr=True)
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}", style="dim"),
            console=console,
            transient=True,
            disable=options["json"] or not console.is_terminal,
        ) as progress:
            task = progress.add_task("", total=len(labels))

            def advance(label: str) -> None:
                progress.update(task, advance=1, description=label[-60:])

            result = batch.run(
                labels,
                source=source,
                fmt=fmt,
                allow_private=options["allow_private"],
                progress=advance,
            )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self._summary(result)
        if result.errors:
            sys.exit(1)

    def _summary(self, result: batch.BatchResult) -> None:
        console = Console(file=self.stdout, width=None if sys.stdout.isatty() else 160)
        table = Table(title="wiredesk ingest", show_header=True)
        table.add_column("inputs", justify="right")
        table.add_column("new", justify="right")
        table.add_column("updated", justify="right")
        table.add_column("unchanged", justify="right")
        table.add_column("skipped", justify="right")
        table.add_column("errors", justify="right")
        table.add_row(
            str(result.inputs),
            str(result.items_new),
            str(result.items_updated),
            str(result.items_unchanged),
            str(len(result.skipped)),
            str(len(result.errors)),
        )
        console.print(table)
        if result.formats:
            console.print(
                "formats: "
                + ", ".join(f"{k} {v}" for k, v in sorted(result.formats.items()))
            )
        for entry in result.skipped:
            item = f" [{entry['item']}]" if "item" in entry else ""
            console.print(
                f"[yellow]skipped[/] {entry['input']}{item}: {entry['reason']}"
            )
        for entry in result.errors:
            console.print(f"[red]error[/] {entry['error']}")
