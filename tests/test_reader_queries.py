"""Uncached pages run a fixed number of queries, whatever the number of articles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.test_reader_pages import make_article
from wiredesk.desk.models import Author, Brief, HomePin, forget_term_sizes

SECTORS = ["health", "energy", "education", "economy-finance", "gender"]
KINDS = ["news", "news", "opinion", "blog", "interview"]


def fill(count: int) -> None:
    writer = Author.objects.create(name=f"Writer {count}")
    for i in range(count):
        make_article(
            f"Story {i}",
            minutes_ago=i,
            sector_id=SECTORS[i % 5],
            kind=KINDS[i % 5],
            author=writer if KINDS[i % 5] != "news" else None,
            agencies=["A", "B"][: 1 + i % 2],
        ).countries.add("GH", "KE")
        Brief.objects.create(
            text=f"Brief {i}", status="published", published_at=timezone.now()
        )
    HomePin.objects.create(article_id=writer.articles.values("pk")[:1], position=0)


def queries(client, url: str) -> int:
    forget_term_sizes()  # both rounds read the sizes of terms afresh
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


URLS = ["/", "/edition/africa/", "/latest/", "/sector/health/", "/opinion/"]
URLS += ["/country/gh/", "/briefs/", "/search/?q=story", "/search/?sector=health"]


@pytest.mark.parametrize("url", [*URLS, "article"])
def test_query_count_does_not_grow_with_the_articles(client, db, settings, url):
    """The same page runs as many queries with 25 articles as with 75.

    (Both rounds hold enough articles that a term of every article is common
    and one of a fifth of them rare in both: ``ArticleQuerySet.about`` reads
    the two kinds differently on SQLite, each in a fixed number of queries.)"""
    settings.CACHE_SECONDS = 0
    counts = []
    for total in (25, 50):
        fill(total)
        target = url
        if url == "article":
            from wiredesk.desk.models import Article

            target = Article.objects.published().latest_first()[0].get_absolute_url()
        # What a process reads once a minute (the search index's language on
        # PostgreSQL) is read before counting, so both rounds count the same work.
        if "/search/" in target:
            from wiredesk.reader.search import postgres

            postgres._cached.clear()
            client.get(target)
        counts.append(queries(client, target))
    assert counts[0] == counts[1], counts
    # Each round starts a new page-cache generation, so the menus (4 queries) and
    # the shared fragments (newsletter box: 2) are read again in both; the front's
    # blocks pick ids first and make teasers of the chosen only (2 more queries).
    # On SQLite a page of one term's articles may read the archive's size and
    # the term's (2 more, once a minute per process; ``ArticleQuerySet.about``).
    assert counts[1] <= 22, counts


def test_listing_counts_without_sorting(client, db, settings):
    """The pager's count reads no ORDER BY: sorted, it walked the latest-first index
    through the whole archive for a sector or country with no articles."""
    settings.CACHE_SECONDS = 0
    fill(5)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sector/sports/").status_code == 200
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"]]
    assert counts and all("ORDER BY" not in sql for sql in counts)
