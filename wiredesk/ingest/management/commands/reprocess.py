from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.progress import Progress

from wiredesk.ingest.models import RawDocument
from wiredesk.ingest.reprocess import reprocess


class Command(BaseCommand):
    help = "Parse the stored raw documents again with today's parsers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", help="only documents of this source (slug)")
        parser.add_argument("--format", help="only documents of this format")
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object on stdout"
        )

    def handle(self, *args, **options) -> None:
        documents = RawDocument.objects.order_by("pk")
        if options["source"]:
            documents = documents.filter(source__slug=options["source"])
        if options["format"]:
            documents = documents.filter(format=options["format"])
        console = Console(stderr=True)
        with Progress(
            console=console, transient=True, disable=options["json"]
        ) as progress:
            task = progress.add_task("reprocess", total=documents.count())
            counts = reprocess(documents, lambda doc: progress.advance(task))
        summary = {
            "documents": counts["documents"],
            "items_changed": counts["changed"],
            "items_unchanged": counts["unchanged"],
            "items_new": counts["new"],
            "errors": counts["errors"],
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in summary.items()))
