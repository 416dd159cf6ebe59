from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from wiredesk.audience.newsletter import bounces


class Command(BaseCommand):
    help = (
        "Record newsletter bounces: from delivery status notifications (files, or - "
        "for standard input, e.g. piped from the mail server) or one --email; "
        "--url prints the inbound bounce endpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="DSN mail files, or -")
        parser.add_argument("--email", help="record one bounce for this address")
        parser.add_argument("--kind", choices=["hard", "soft"], default="hard")
        parser.add_argument("--reason", default="")
        parser.add_argument(
            "--url", action="store_true", help="print the bounce endpoint URL"
        )

    def handle(self, *args, **options) -> None:
        if options["url"]:
            token = bounces.endpoint_token()
            path = reverse("audience:bounces", kwargs={"token": token})
            self.stdout.write(f"{settings.SITE_URL}{path}")
            return
        reports: list[bounces.BounceReport] = []
        if options["email"]:
            one = (options["email"], options["kind"], options["reason"])
            reports.append(bounces.BounceReport(*one))
        for name in options["files"]:
            if name == "-":
                raw = sys.stdin.buffer.read()
            else:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(f"no such file: {name}")
                raw = path.read_bytes()
            found = bounces.parse_dsn(raw)
            if not found:
                self.stderr.write(f"{name}: no bounce found in this message")
            reports.extend(found)
        if not reports:
            raise CommandError("give DSN files, - for standard input, or --email")
        for report in reports:
            bounces.record(report)
            self.stdout.write(f"{report.kind} bounce: {report.email}")
