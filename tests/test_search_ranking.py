"""Search at scale: relevance in windows of the newest matches, filters checked after
ranking, and the two ways of sorting by date giving the same answer.

The window and page sizes are made small here, so that a dozen articles exercise
what 100,000 would (real SQLite or PostgreSQL, as DATABASE_URL says).
"""

from __future__ import annotations

import pytest

from tests.test_reader_pages import make_article
from wiredesk.desk.models import Article
from wiredesk.reader import search as search_package
from wiredesk.reader.search import Filters, parse, postgres, ranking, search


@pytest.fixture
def small_windows(monkeypatch):
    """Windows of 3, pages of 2; on PostgreSQL every window first tries the range
    guessed from the planner's estimate (and falls back when it is short)."""
    monkeypatch.setattr(ranking, "WINDOW", 3)
    monkeypatch.setattr(postgres, "PROBE_ABOVE", 0)
    monkeypatch.setattr(ranking, "FIRST_CHUNK", 1)
    monkeypatch.setattr(search_package, "PAGE_SIZE", 2)


@pytest.fixture
def archive(db) -> list[Article]:
    """Ten "flood" articles made one after another (the last is the newest); the
    even ones mention it in the headline; two are not visible."""
    made = []
    for n in range(10):
        headline = f"Flood report {n}" if n % 2 == 0 else f"River report {n}"
        made.append(
            make_article(
                headline,
                body_html=f"<p>The flood reached district {n}.</p>",
                minutes_ago=100 - n,
                country_id="KE" if n < 4 else "GH",
            )
        )
    make_article("Flood draft", published=False)
    expired = make_article("Flood expired", minutes_ago=1)
    Article.objects.filter(pk=expired.pk).update(expire_at=expired.updated_at)
    return made


def all_pages(query: str, sort: str = "relevance", **filters) -> list[str]:
    headlines, number = [], 1
    while True:
        page = search(parse(query), Filters(**filters), sort, number)
        assert not page.failed
        headlines += [hit.article.headline for hit in page.hits]
        if not page.has_next:
            return headlines
        number += 1


def test_relevance_ranks_the_newest_window_first(small_windows, archive):
    """With a window of 3, the newest three visible-or-not matches are ranked among
    themselves (headline matches first), then the next six, and so on; paging
    through gives every visible match exactly once."""
    headlines = all_pages("flood")
    assert sorted(headlines) == sorted(a.headline for a in archive)
    # The newest window holds the two invisible articles and report 9.
    assert headlines[0] == "River report 9"
    # The next window (reports 8 … 3): headline matches, newest first on a tie.
    assert headlines[1:4] == ["Flood report 8", "Flood report 6", "Flood report 4"]


def test_a_filter_reaches_matches_beyond_the_first_windows(small_windows, archive):
    """Kenyan reports are the four oldest: the windows widen until they are found,
    and nothing from other countries slips in."""
    assert sorted(all_pages("flood", country="KE")) == [
        "Flood report 0",
        "Flood report 2",
        "River report 1",
        "River report 3",
    ]


def test_few_matches_are_ranked_exactly(archive):
    """Below the window size the engine's ranking is used as it is: headline
    matches first, the newest first among equals."""
    assert all_pages("flood")[:5] == [
        "Flood report 8",
        "Flood report 6",
        "Flood report 4",
        "Flood report 2",
        "Flood report 0",
    ]


@pytest.mark.parametrize("plan", ["walk the date index", "sort the matches"])
@pytest.mark.parametrize(
    "query, filters",
    [
        ("flood", {}),
        ('"flood reached"', {}),
        ("flood district", {"country": "GH"}),
        ("report", {"country": "KE"}),
    ],
)
def test_both_date_plans_give_the_same_newest_first_list(
    small_windows, archive, monkeypatch, plan, query, filters
):
    """Sorted by date, walking the date index and sorting every match are chosen
    by the number of matches; either gives the visible matches newest first."""
    few = 0 if plan == "walk the date index" else 10**9
    monkeypatch.setattr(ranking, "few_enough", lambda *args: few)
    expected = [
        a.headline
        for a in reversed(archive)
        if not filters or a.country_id == filters["country"]
    ]
    assert all_pages(query, sort="date", **filters) == expected


def test_snippets_come_for_every_hit_of_a_spread_out_page(small_windows, archive):
    """The ranked page's ids are far apart; each hit still gets its marked headline
    and body snippet."""
    page = search(parse("flood"), Filters(), "relevance", 2)
    assert len(page.hits) == 2
    for hit in page.hits:
        assert "<mark>" in hit.snippet
