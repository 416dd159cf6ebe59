from __future__ import annotations

from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wiredesk.audience.models import DigestSettings
from wiredesk.audience.newsletter import digests, sending


class Command(BaseCommand):
    help = (
        "Newsletter digests: make and send those that are due (what the scheduler "
        "does every minute), or make and send one edition's digest now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--edition", help="make today's digest of this edition now (by slug)"
        )
        parser.add_argument(
            "--no-send", action="store_true", help="make digests but do not send"
        )

    def handle(self, *args, **options) -> None:
        if options["edition"]:
            config = DigestSettings.objects.filter(
                edition_id=options["edition"]
            ).first()
            if config is None:
                raise CommandError(
                    f"edition {options['edition']!r} has no digest settings "
                    "(add them in the desk admin under Audience)"
                )
            due = [digests.make_digest(config)]
        else:
            due = digests.due_digests()
        for digest in due:
            self.stdout.write(f"digest {digest}: {digest.subject}")
            if not options["no_send"]:
                report = sending.send_digest(digest.pk)
                self.stdout.write(f"  {asdict(report)}")
