from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.progress import Progress

from wiredesk.stories.rebuild import rebuild

PHASES = {
    "terms": "counting terms",
    "apply": "storing term counts",
    "stories": "rebuilding stories",
}


class Command(BaseCommand):
    help = "Story matching state: `rebuild` recomputes fingerprints and lookup keys."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        rebuild_parser = actions.add_parser(
            "rebuild",
            help="recompute term counts, story fingerprints, StoryTerm, item keys and "
            "near-copy bands from the stored items; membership and editors' splits "
            "are kept",
            description="Recompute term counts (TermStat), every story's fingerprint "
            "and indexed top terms (StoryTerm), its items' exact keys and their "
            "near-copy MinHash signatures and LSH bands (StoryBand) from the stored "
            "items. Which items form which story is not changed. Idempotent: a "
            "second run reports nothing changed.",
        )
        rebuild_parser.add_argument(
            "--json", action="store_true", help="print one JSON object on stdout"
        )

    def handle(self, *args, **options) -> None:
        console = Console(stderr=True)
        with Progress(
            console=console, transient=True, disable=options["json"]
        ) as progress:
            tasks: dict[str, int] = {}

            def advance(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = progress.add_task(PHASES[phase], total=total)
                progress.update(tasks[phase], completed=done, total=total)

            report = rebuild(advance).as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in report.items()))
