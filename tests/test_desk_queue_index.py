"""The desk queue and dashboard find the articles holding an agency's new version
(``pending_update``) by an index, not by reading every article: at 100,000
articles the dashboard's counts took 20 ms on SQLite and 36 ms on PostgreSQL,
most of it to find the few with a pending update."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wiredesk.desk import queue
from wiredesk.desk.models import Article
from wiredesk.stories.models import Story

pytestmark = pytest.mark.django_db
INDEX = "desk_article_new_version"


@pytest.fixture
def desk() -> dict[str, Article]:
    """One article of each kind the queue tells apart, among published ones."""
    made = {
        "draft": Article.objects.create(headline="A draft", slug="a-draft"),
        "flagged": Article.objects.create(
            headline="Flagged",
            slug="flagged",
            status=Article.Status.PUBLISHED,
            attention=Story.Priority.TOP,
        ),
        "new version": Article.objects.create(
            headline="Cholera kills 23 in Lusaka",
            slug="cholera",
            status=Article.Status.PUBLISHED,
            pending_update={"headline": "Zambia cholera deaths rise to 31"},
        ),
    }
    Article.objects.bulk_create(
        Article(headline=f"Old news {i}", slug=f"old-{i}", status="published")
        for i in range(40)
    )
    return made


def plans(run) -> list[str]:
    """The query plans of the queries ``run`` makes (PostgreSQL told to avoid
    reading the whole table where an index can serve, as on a large table)."""
    with CaptureQueriesContext(connection) as ctx:
        run()
    found = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
        for query in ctx.captured_queries:
            cursor.execute(f"{explain} {query['sql']}")
            found.append(" | ".join(str(row[-1]) for row in cursor.fetchall()))
    return found


def test_the_queue_lists_what_waits(desk):
    """The default queue (the union of three index searches on SQLite) lists
    the draft, the flagged article and the one with a new version, no other."""
    listed = set(queue.queue({}).values_list("headline", flat=True))
    assert listed == {"A draft", "Flagged", "Cholera kills 23 in Lusaka"}
    new = queue.queue({"state": queue.NEW_VERSION})
    assert [a.headline for a in new] == ["Cholera kills 23 in Lusaka"]
    assert queue.counts()["New version"] == 1


def test_the_dashboard_counts_new_versions_by_the_index(desk):
    counted = [p for p in plans(queue.counts) if INDEX in p]
    assert counted, plans(queue.counts)


def test_the_default_queue_finds_new_versions_by_the_index(desk):
    def page() -> None:
        list(queue.queue({})[:50])

    assert any(INDEX in p for p in plans(page)), plans(page)
