"""SQLite planner statistics: refreshed after migrate and every hour, so listings
walk the latest-first index instead of sorting the archive."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from tests.test_reader_pages import make_article
from wiredesk import registry
from wiredesk.desk.models import Article
from wiredesk.reader import statistics
from wiredesk.taxonomy.models import Edition

sqlite_only = pytest.mark.skipif(
    "connection.vendor != 'sqlite'",
    reason="PostgreSQL's autovacuum keeps its own statistics",
)


def store_published(
    count: int, editions: list[str | None], countries: tuple[str | None, ...] = (None,)
) -> None:
    """``count`` published articles, spread in turn over ``editions`` and
    ``countries``: as many as the planner's statistics need, stored at once."""
    Article.objects.bulk_create(
        Article(
            headline=f"Story {i}",
            slug=f"story-{i}",
            status="published",
            live=True,
            edition_id=editions[i % len(editions)],
            country_id=countries[i % len(countries)],
        )
        for i in range(count)
    )


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


@sqlite_only
def test_refresh_measures_the_tables_and_listings_use_the_index(db):
    """After a refresh SQLite has statistics for the articles, and the Latest
    News listing reads the latest-first index with no sort step."""
    for i in range(30):
        make_article(f"Story {i}", minutes_ago=i)
    assert statistics.refresh() is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'desk_article'")
        assert cursor.fetchone()[0] > 0
    listing = plan(Article.objects.published().teasers().latest_first()[:20])
    assert "reader_article_latest" in listing
    assert "TEMP B-TREE" not in listing


@sqlite_only
def test_an_archive_larger_than_the_sample_still_uses_the_index(db, monkeypatch):
    """ANALYZE's bounded sample guesses at most ANALYSIS_LIMIT rows per status, so
    with more published articles than that the planner chose the status index
    and sorted the whole archive (70 ms a listing at 100,000); the articles'
    table is measured in full."""
    monkeypatch.setattr(statistics, "ANALYSIS_LIMIT", 10)
    store_published(300, [None])
    statistics.refresh()
    listing = plan(Article.objects.published().values_list("pk").latest_first()[:20])
    assert "reader_article_latest" in listing and "TEMP B-TREE" not in listing


@sqlite_only
def test_an_editions_latest_walk_the_index(db):
    """A large edition's latest articles (its own or placed in it) walk the
    latest-first index and stop at the first few, instead of gathering the whole
    edition through its two indexes and sorting it (100 ms at 100,000)."""
    editions = list(Edition.objects.values_list("slug", flat=True))
    store_published(2000, editions)
    placed = Article.editions.through
    placed.objects.bulk_create(
        placed(article_id=pk, edition_id="africa")
        for pk in Article.objects.values_list("pk", flat=True)[::10]
    )
    statistics.refresh()
    africa = Article.objects.published().in_edition("africa")
    listing = plan(africa.values_list("pk").latest_first()[:10])
    assert "reader_article_latest" in listing and "TEMP B-TREE" not in listing
    assert len(africa.latest_first()[:10]) == 10
    # The same test with the edition's indexes usable: the plan that sorted.
    indexed = Article.objects.published().filter(
        Q(edition_id="africa")
        | Q(pk__in=placed.objects.filter(edition_id="africa").values("article_id"))
    )
    assert "TEMP B-TREE" in plan(indexed.values_list("pk").latest_first()[:10])


def test_no_edition_means_articles_without_one(db):
    make_article("Placed nowhere", edition_id=None)
    make_article("In Africa")
    found = Article.objects.published().in_edition(None)
    assert [a.headline for a in found] == ["Placed nowhere"]


def test_refresh_runs_every_hour_through_the_worker(db):
    """The scheduler enqueues the refresh hourly; the task runs it."""
    job = registry.periodic_jobs.get("reader-statistics")
    assert job.every == 3600
    job.run()  # tests run tasks at once (ImmediateBackend)
    result = statistics.refresh_statistics.enqueue()
    assert result.return_value == (connection.vendor == "sqlite")


def test_an_editions_newest_merge_its_own_and_placed_articles(db):
    """The edition's own articles and those placed in it, read apart, come back
    as one latest-first list, each article once (even one placed in its own
    edition)."""
    from wiredesk.reader.front import newest

    own = [make_article(f"Own {i}", minutes_ago=10 * i) for i in range(3)]
    other = [
        make_article(f"Placed {i}", minutes_ago=10 * i + 5, edition_id="europe")
        for i in range(3)
    ]
    for article in [*other, own[0]]:
        article.editions.add("africa")
    africa = Edition.objects.get(slug="africa")
    rows = newest(Article.objects.published(), africa, 4, "headline")
    assert [row[2] for row in rows] == ["Own 0", "Placed 0", "Own 1", "Placed 1"]


@sqlite_only
def test_a_sparse_editions_home_reads_its_own_index(db):
    """An edition with no articles of its own: its half is read on the edition's
    latest-first index (it walked the whole archive: 167 ms at 100,000)."""
    editions = ["africa", "europe", "asia-pacific", "latin-america-caribbean"]
    store_published(2000, editions)
    statistics.refresh()
    own = Article.objects.published().filter(edition_id="north-america", kind="news")
    listing = plan(own.values_list("pk").latest_first()[:10])
    assert "reader_article_edition_latest" in listing and "TEMP B-TREE" not in listing
