from __future__ import annotations

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from wiredesk import registry

log = logging.getLogger("wiredesk.scheduler")


class Command(BaseCommand):
    help = "Run the periodic jobs apps register (source polling and more) on time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="run every job once, then exit"
        )

    def handle(self, *args, **options) -> None:
        stop = False

        def request_stop(signum: int, frame: object) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        next_run: dict[str, float] = {}
        while not stop:
            now = time.monotonic()
            for name, job in registry.periodic_jobs:
                if now < next_run.get(name, 0.0):
                    continue
                next_run[name] = now + job.every
                close_old_connections()
                try:
                    job.run()
                except Exception:
                    # One failing job must not stop the others or the scheduler.
                    log.exception("periodic job %s failed", name)
            if options["once"]:
                break
            deadline = time.monotonic() + settings.SCHEDULER_TICK
            while not stop and time.monotonic() < deadline:
                time.sleep(0.2)
