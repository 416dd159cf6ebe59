"""One term's articles (a country's, a sector's, an edition's): those it is the
primary term of and those that name it among their secondary terms, latest
first, read in the plan that suits how many there are (``ArticleQuerySet.about``).
"""

from __future__ import annotations

import re

import pytest
from django.db import connection

from tests.test_reader_pages import make_article
from tests.test_reader_statistics import store_published
from wiredesk.desk import models as desk_models
from wiredesk.desk.models import Article
from wiredesk.reader import statistics

sqlite_only = pytest.mark.skipif(
    "connection.vendor != 'sqlite'",
    reason="the plan is chosen by wiredesk on SQLite only; PostgreSQL's planner "
    "knows each term's frequency",
)


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.fixture
def ghana(db) -> list[int]:
    """Twenty articles, newest first; Ghana is the primary country of some, only
    mentioned in others, both in one, and absent from the rest. Returns the ids
    of Ghana's, latest first."""
    expected = []
    for i in range(20):
        primary = "GH" if i % 3 == 0 else "KE"
        article = make_article(f"Story {i}", minutes_ago=i, country_id=primary)
        mentioned = ["GH"] if i % 4 == 0 else []
        article.countries.set([primary, *mentioned])
        if primary == "GH" or mentioned:
            expected.append(article.pk)
    make_article("Unpublished about Ghana", published=False)
    return expected


@pytest.mark.parametrize("rows", [1, 20, 10_000])
def test_a_terms_articles_are_its_primary_and_mentioned_ones_once(ghana, rows):
    """Whichever plan the size of the term and of the page chooses (a walk of
    the latest-first index for few rows, the term's ids for many), the list is
    the same: each published article of the term once, latest first."""
    found = Article.objects.published().about("country", "countries", "GH", rows)
    assert list(found.latest_first().values_list("pk", flat=True)) == ghana
    if connection.vendor == "sqlite":  # a page of 1 walks; of 20 or more, ids
        assert found.volatile == (rows > 1)
    counted = Article.objects.published().about(
        "country", "countries", "GH", ordered=False
    )
    assert counted.count() == len(ghana)


def test_the_country_page_pages_through_its_articles(client, ghana, settings):
    """The country page shows Ghana's articles, twenty a page, and its pager
    counts them all (its count reads the term's indexes, the page walks)."""
    settings.CACHE_SECONDS = 0
    for i in range(20, 55):  # 45 of Ghana's in all
        make_article(f"Story {i}", minutes_ago=i, country_id="GH")
    first = client.get("/country/gh/").content.decode()
    last = client.get("/country/gh/?page=3").content.decode()
    shown = re.findall(r">Story (\d+)<", first)
    assert len(shown) == 20 and "Story 1<" not in first
    assert re.findall(r">Story (\d+)<", last) == [str(i) for i in range(50, 55)]
    assert "?page=2" in last and "?page=4" not in last
    # Out of range is not found, as Django's ListView has it.
    for asked in ("0", "-1", "4", "999"):
        assert client.get(f"/country/gh/?page={asked}").status_code == 404


@sqlite_only
def test_a_rare_term_is_read_by_ids_and_a_common_one_walks(db):
    """On SQLite a country of few articles is read by their ids and sorted (the
    walk of the latest-first index crossed the whole archive for it: 65 ms at
    100,000 articles for an edition with none); a common one walks that index,
    probing the links' unique index, and stops at the first few (gathering it
    sorted 10,000 articles: 29 ms)."""
    store_published(2000, [None], countries=("KE", "GH"))
    links = Article.countries.through
    links.objects.bulk_create(
        links(article_id=pk, country_id="NG")
        for pk in Article.objects.values_list("pk", flat=True)[:5]
    )
    statistics.refresh()
    published = Article.objects.published()
    rare = published.about("country", "countries", "NG").latest_first()
    rare_plan = plan(rare.values_list("pk")[:20])
    assert "INTEGER PRIMARY KEY" in rare_plan, rare_plan
    assert "reader_article_latest" not in rare_plan, rare_plan
    assert rare.count() == 5
    common = published.about("country", "countries", "GH").latest_first()
    common_plan = plan(common.values_list("pk")[:20])
    assert "reader_article_latest" in common_plan, common_plan
    assert "TEMP B-TREE" not in common_plan, common_plan
    assert "country_id=?" in common_plan  # the links' (article, country) index
    assert len(common[:20]) == 20


@sqlite_only
def test_a_term_once_common_is_still_listed_right(db, monkeypatch):
    """A term found common is walked for a minute without counting it again;
    if most of its articles go meanwhile, the walk is longer, the list the same."""
    articles = [
        make_article(f"Story {i}", minutes_ago=i, country_id="GH") for i in range(30)
    ]
    published = Article.objects.published()
    about = published.about("country", "countries", "GH", rows=1)
    assert "reader_article_latest" in plan(about.latest_first().values_list("pk"))
    assert desk_models._common  # the verdict is kept
    Article.objects.filter(pk__in=[a.pk for a in articles[:-1]]).delete()
    again = published.about("country", "countries", "GH", rows=1)
    assert list(again.values_list("pk", flat=True)) == [articles[-1].pk]
    desk_models.forget_term_sizes()
    fresh = published.about("country", "countries", "GH", rows=1)
    assert "INTEGER PRIMARY KEY" in plan(fresh.latest_first().values_list("pk"))


@pytest.mark.parametrize(
    "filters, fields",
    [({"edition": "europe"}, {"edition_id": "europe"}), ({"sector": "gender"}, {})],
)
def test_a_search_filtered_by_a_rare_term_finds_what_is_published_later(
    db, filters, fields
):
    """Search compiles its filters' conditions once and keeps them: they must
    not hold a rare term's ids of the moment (they did: the next article of the
    edition was never found)."""
    from wiredesk.reader.search import Filters, parse, search

    def found() -> list[str]:
        page = search(parse("cholera"), Filters(**filters))
        return sorted(hit.article.headline for hit in page.hits)

    def publish(headline: str) -> None:
        article = make_article(headline, **fields)
        if "sector" in filters:
            article.secondary_sectors.set([filters["sector"]])

    make_article("Cholera elsewhere")
    publish("Cholera in Lisbon")
    assert found() == ["Cholera in Lisbon"]
    publish("Cholera in Porto")
    assert found() == ["Cholera in Lisbon", "Cholera in Porto"]


@sqlite_only
def test_conditions_holding_a_rare_terms_ids_say_so(db):
    """Whoever compiles and keeps conditions can tell those holding ids read
    now (a rare term's) from those it may keep (a common term's walk)."""
    for i in range(30):
        make_article(f"Story {i}", minutes_ago=i, edition_id="africa")
    published = Article.objects.published()
    rare = published.in_edition("europe").filter(kind="news")  # clones keep it
    assert rare.volatile and not rare.exists()
    assert not published.in_edition("africa", rows=1).volatile
    assert not published.volatile
