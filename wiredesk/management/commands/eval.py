"""`wiredesk eval <evaluation>`: measure a stage of the path on a labelled data set.

Each evaluation is an entry of ``registry.evaluators``, registered by its app in
``AppConfig.ready()``: a callable ``Evaluation(options)`` whose class carries ``help``,
``add_arguments(parser)`` and optionally ``table(figures)`` (a rich Table), and whose
instance's ``run(progress)`` returns a flat dict of figures. This command only
dispatches, shows progress and prints: the figures as one JSON object with --json,
otherwise as a table.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from wiredesk import registry


class Command(BaseCommand):
    help = "Measure quality on a labelled data set (evaluations: see --help)."

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(
            dest="evaluation", metavar="EVALUATION", required=True
        )
        for name, evaluation in registry.evaluators:
            sub = subparsers.add_parser(name, help=evaluation.help)
            sub.description = evaluation.help
            evaluation.add_arguments(sub)
            sub.add_argument(
                "--json", action="store_true", help="print one JSON object on stdout"
            )

    def handle(self, *args, **options) -> None:
        evaluation_class = registry.evaluators.get(options["evaluation"])
        console = Console(stderr=True)
        as_json = options.get("json", False)
        with Progress(
            TextColumn(f"[bold]eval {options['evaluation']}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=as_json or not console.is_terminal,
        ) as progress:
            task = progress.add_task("", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            try:
                figures = evaluation_class(options).run(progress=advance)
            except ValueError as exc:  # a bad data set: the message names the file
                raise CommandError(str(exc)) from exc
        if as_json:
            self.stdout.write(json.dumps(figures))
            return
        table = getattr(evaluation_class, "table", None)
        if table is None:
            table = Table(title=f"wiredesk eval {options['evaluation']}")
            table.add_column("measure")
            table.add_column("value", justify="right")
            for key, value in figures.items():
                table.add_row(key, str(value))
        else:
            table = table(figures)
        out = Console(file=self.stdout, width=None if sys.stdout.isatty() else 100)
        out.print(table)
