"""Register the demo agencies as sources of a running wire service, and publish
what they have sent before the site opens."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task_backends

from wiredesk.demo import content
from wiredesk.demo.content import AGENCIES, ITEMS
from wiredesk.demo.wire_server import WireService
from wiredesk.ingest import pipeline
from wiredesk.ingest.models import Source, WireItem

log = logging.getLogger("wiredesk.demo")

POLL_EVERY = 15


def register_sources(service: WireService) -> list[Source]:
    """Create or re-point the three demo sources; all due for a fetch at once.

    The copy is dated from the service's clock, as its items are, so a weekday in
    the text is the one of the item's own time. On a database that holds the
    items of an earlier start, the service resumes that start's clock: the demo
    keeps its database, and copy re-dated from a later start (another weekday)
    was stored again as new versions of its items."""
    first = first_start()
    if first is not None:
        service.resume(first)
    content.use_clock(service.clock)
    sources = []
    for priority, agency in enumerate(AGENCIES, start=1):
        source, _ = Source.objects.update_or_create(
            slug=f"demo-{agency.slug}",
            defaults={
                "name": f"{agency.name} (demo)",
                "agency": agency.name,
                "url": service.feed_url(agency),
                "format": agency.feed_format,
                "poll_interval": POLL_EVERY,
                "auto_publish": True,
                "allow_private": True,  # the demo wire service runs on loopback
                "priority": priority * 10,
                "enabled": True,
                "next_fetch_at": timezone.now(),
                "etag": "",
                "last_modified": "",
            },
        )
        sources.append(source)
    return sources


def first_start() -> datetime | None:
    """The clock of the demo wire service's first start on this database: the
    time it gave the first stored item of one version, plus that item's
    ``hours_ago``. None before the demo has stored any."""
    hours_ago = {
        item.guid: item.versions[0].hours_ago
        for item in ITEMS
        if len(item.versions) == 1
    }
    first = (
        WireItem.objects.filter(
            source__slug__in=[f"demo-{agency.slug}" for agency in AGENCIES],
            guid__in=hours_ago,
            version=1,
            published__isnull=False,
        )
        .order_by("fetched_at", "pk")
        .values_list("guid", "published")
        .first()
    )
    if first is None:
        return None
    guid, published = first
    return published + timedelta(hours=hours_ago[guid])


def demo_sources() -> list[Source]:
    return list(Source.objects.filter(slug__startswith="demo-", enabled=True))


def publish_first_copy(sources: list[Source] | None = None) -> None:
    """Fetch the demo's sources once and run the work that follows (clustering,
    drafting, publishing) here, before the web server, worker and scheduler
    start (``mail.start_for_demo`` calls it, once mail goes to the catcher).

    The scheduler's first tick makes the day's newsletter digest when its send
    time has passed; made seconds before the worker had published the first
    agency story, the demo's digest held in-house pieces only, and being one a
    day, `wiredesk digest --edition global` then sent that same one. Published
    first, the agencies' news is in it (and on the home page the demo opens on).
    Later versions (the update, 20 seconds of wire time after the first start) come
    by the usual polling, at least a minute apart.
    """
    log.info("demo: fetching and publishing the demo wire's first copy")
    for source in demo_sources() if sources is None else sources:
        pipeline.fetch_source(source)
    _run_queued_tasks()


def _run_queued_tasks() -> None:
    """Run every task queued in the database queue until none is left (the
    worker's batch mode); with a backend that runs tasks at once, nothing waits."""
    from django_tasks_db import DatabaseBackend

    if not isinstance(task_backends["default"], DatabaseBackend):
        return
    from django_tasks_db.management.commands.db_worker import Worker

    # The worker class without its command: the command would take over Ctrl-C.
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="demo-setup",
        excluded_queue_names=[],
    ).run()
