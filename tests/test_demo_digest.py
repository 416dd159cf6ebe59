"""The demo's newsletter digest holds the demo's agency news.

`wiredesk demo` set the global edition's digest up at start; the scheduler's
first tick then made the day's digest seconds before the worker had published
the first agency story, so it held in-house pieces only, and, one digest a day,
`wiredesk digest --edition global` sent that same one. Here the demo's own setup
runs in the order the command runs it, with the database task queue the demo
uses (a worker runs what it holds)."""

from __future__ import annotations

from datetime import datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from wiredesk.audience.models import Digest, DigestSettings
from wiredesk.audience.newsletter import digests
from wiredesk.demo import content, editorial
from wiredesk.demo.mail import start_for_demo
from wiredesk.demo.setup import _run_queued_tasks, register_sources
from wiredesk.demo.wire_server import WireService
from wiredesk.desk.models import Article

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


def run_worker() -> None:
    """What the demo's worker process does with the queue, until it is empty (the
    worker's batch mode, as the demo's setup runs it)."""
    _run_queued_tasks()


def first_tick(config: DigestSettings) -> datetime:
    """The scheduler's first tick on a day whose digest time has passed (the
    demo started after 07:00, as most demos are)."""
    now = timezone.now().astimezone(config.zone)
    return datetime.combine(now.date(), max(now.time(), time(7, 1)), config.zone)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demos_digest_holds_its_agency_news(settings, tmp_path, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setenv("EMAIL_URL", "smtp://127.0.0.1:1025")  # restored after
    service = WireService().start()
    try:
        # As `wiredesk demo` does before its web server, worker and scheduler.
        register_sources(service)
        catcher = start_for_demo(tmp_path, lambda line: None)
        editorial.seed()
        config = DigestSettings.objects.get(edition_id="global")
        digests.due_digests(first_tick(config))  # the scheduler's first tick
        run_worker()  # the worker, once started, runs what is queued
        catcher.stop()
    finally:
        service.stop()

    call_command("digest", edition="global", no_send=True, stdout=StringIO())
    [digest] = Digest.objects.filter(edition_id="global")
    shown = Article.objects.filter(pk__in=[*digest.top_ids, *digest.latest_ids])
    news = {a.headline for a in shown if a.kind == Article.Kind.NEWS}
    assert len(news) >= 5, news
    ghana = next(
        i for i in content.ITEMS if i.guid == content.CROSS_AGENCY_STORIES[0][0]
    )
    published = Article.objects.get(story__items__item__guid=ghana.guid)
    assert published.headline in news
    assert shown.exclude(kind=Article.Kind.NEWS).exists()  # and the in-house pieces
