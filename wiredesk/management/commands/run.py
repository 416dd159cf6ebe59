from __future__ import annotations

import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from wiredesk import supervisor


def add_server_arguments(parser: CommandParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="web worker processes (default: WEB_CONCURRENCY)",
    )


def serve(command: BaseCommand, options: dict, on_ready=None) -> None:
    parts = supervisor.children(
        options["host"], options["port"], options["workers"] or settings.WEB_CONCURRENCY
    )
    status = supervisor.supervise(
        parts, on_ready=on_ready, say=lambda m: command.stdout.write(m)
    )
    if status:
        sys.exit(status)


class Command(BaseCommand):
    help = (
        "Apply migrations, then serve the site (granian) with the task worker and "
        "the scheduler until Ctrl-C or SIGTERM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_server_arguments(parser)

    def handle(self, *args, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        url = f"http://{options['host']}:{options['port']}/"

        def ready() -> None:
            self.stdout.write(self.style.SUCCESS(f"wiredesk is running at {url}"))
            self.stdout.write("Press Ctrl-C to stop.")

        serve(self, options, on_ready=ready)
