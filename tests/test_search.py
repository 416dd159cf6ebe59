"""Search: full text with snippets, filters and sorts; any text is safe.

Run on SQLite (FTS5) by default and on PostgreSQL (tsvector + GIN) when
DATABASE_URL points there: the same tests hold for both.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.test_reader_pages import make_article
from wiredesk.reader.search import Filters, parse, search
from wiredesk.reader.search.index import rebuild


@pytest.fixture
def stories(db):
    make_article(
        "Cholera outbreak spreads in Accra",
        body_html="<p>Health officials counted new cholera cases on Monday.</p>",
        minutes_ago=30,
    )
    make_article(
        "Solar farm opens in Kenya",
        body_html="<p>The plant will power clinics fighting cholera.</p>",
        sector_id="energy",
        country_id="KE",
        minutes_ago=10,
    )
    make_article(
        "Vaccination drive in Lagos",
        body_html="<p>Nurses began <b>vaccinating</b> children against measles.</p>",
        country_id="NG",
        minutes_ago=60 * 24 * 10,
    )
    make_article("Withdrawn cholera story", published=False)


def titles(query: str, **kwargs) -> list[str]:
    sort = kwargs.pop("sort", "relevance")
    page = search(parse(query), Filters(**kwargs), sort)
    assert not page.failed
    return [hit.article.headline for hit in page.hits]


def test_finds_headline_and_body_words_with_stemming(stories):
    """A word in the headline ranks above the same word in a body; stems match
    (vaccination ~ vaccinating); drafts are never found."""
    assert titles("cholera") == [
        "Cholera outbreak spreads in Accra",
        "Solar farm opens in Kenya",
    ]
    assert titles("vaccinate") == ["Vaccination drive in Lagos"]


def test_sort_by_date_puts_the_newest_first(stories):
    """Sorted by date, the newer body-only match comes first."""
    assert titles("cholera", sort="date")[0] == "Solar farm opens in Kenya"


def test_snippets_highlight_the_matched_words_and_escape_the_rest(db):
    """Matches are wrapped in <mark>; the article's text is escaped."""
    make_article(
        "Prices rise <fast>",
        body_html="<p>Bread &amp; rice prices rose 5% in Dakar &lt;script&gt;.</p>",
    )
    hit = search(parse("prices"), Filters()).hits[0]
    assert "<mark>Prices</mark>" in hit.headline
    assert "&lt;fast&gt;" in hit.headline
    assert "<mark>prices</mark>" in hit.snippet
    assert "&amp;" in hit.snippet and "<script" not in hit.snippet


def filler(words: int, seed: str) -> str:
    """Made-up words of one shape (``alpha07x``), so a word cut in two shows."""
    return " ".join(f"{seed}{n % 97:02d}x" for n in range(words))


def test_snippets_show_the_match_of_a_long_body_in_whole_words(db):
    """Deep in a long body, the snippet shows the matched word (a stemmed form,
    a phrase, the very last word), starts and ends on whole words, and stays
    short; a body that never names the word shows its beginning."""
    body = (
        f"<p>Opening words {filler(400, 'alpha')}.</p>"
        "<p>Nurses were vaccinating children while the water supply was cut "
        f"{filler(300, 'beta')} then the final word: hydrology</p>"
    )
    make_article("Clinics report", body_html=body)
    make_article(
        "Measles drive",
        standfirst="A drive.",
        body_html=f"<p>Opening words {filler(400, 'x')}</p>",
    )
    real = {"opening", "words", "nurses", "were", "vaccinating", "children"}
    real |= {"while", "the", "water", "supply", "was", "cut", "then", "final"}
    real |= {"word:", "hydrology"}
    for text, marked in (
        ("vaccinate", "<mark>vaccinating</mark>"),
        ('"water supply"', "<mark>water"),  # one mark (SQLite) or two
        ("hydrology", "<mark>hydrology</mark>"),
    ):
        hit = search(parse(text), Filters()).hits[0]
        assert marked in hit.snippet, text
        shown = hit.snippet.replace("<mark>", "").replace("</mark>", "")
        words = [w.strip(".…") for w in shown.split()]
        assert len(words) <= 2 * 35 + 1, text
        cut = [
            w
            for w in words
            if w and w.lower() not in real and not re.fullmatch(r"(alpha|beta)\d\dx", w)
        ]
        assert cut == [], text
    measles = search(parse("measles"), Filters()).hits[0]
    assert measles.snippet.startswith("A drive. Opening words")


def test_phrases_and_prefixes(stories):
    """A quoted phrase matches only the words in order; word* matches prefixes."""
    assert titles('"outbreak spreads"') == ["Cholera outbreak spreads in Accra"]
    assert titles('"spreads outbreak"') == []
    assert titles("vacc*") == ["Vaccination drive in Lagos"]


def test_snippets_mark_every_form_of_the_word_and_only_those(db):
    """Stemmed and prefixed forms are marked in any case, in the headline and the
    body; a longer word that only starts like the query word is not."""
    make_article(
        "VACCINES reach Lagos",
        standfirst="Clinics wait.",
        body_html="<p>Nurses were vaccinating children near the waterfall; "
        "the water was clean in the city.</p>",
    )
    for text in ("vaccinate", "vaccin*"):
        hit = search(parse(text), Filters()).hits[0]
        assert "<mark>VACCINES</mark>" in hit.headline, text
        assert "<mark>vaccinating</mark>" in hit.snippet, text
    hit = search(parse("water"), Filters()).hits[0]
    assert "<mark>water</mark> was clean" in hit.snippet
    assert "<mark>waterfall" not in hit.snippet
    # The stem ends differently from the word ("cities", "city": "citi").
    assert "<mark>city</mark>" in search(parse("cities"), Filters()).hits[0].snippet


def test_filters_by_sector_country_edition_and_dates(stories):
    """Each filter narrows the results."""
    assert titles("cholera", sector="energy") == ["Solar farm opens in Kenya"]
    assert titles("cholera", country="GH") == ["Cholera outbreak spreads in Accra"]
    assert titles("cholera", edition="europe") == []
    today = timezone.localdate()
    assert titles("measles", since=today - timedelta(days=2)) == []
    assert titles("measles", until=today - timedelta(days=5)) == [
        "Vaccination drive in Lagos"
    ]


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_an_article_that_expires_between_searches_is_no_longer_found(stories, sort):
    """The visibility rule is read at each search's own time, also when the same
    filters were searched for a moment earlier."""
    from wiredesk.desk.models import Article

    found = titles("cholera", sort=sort, country="GH")
    assert found == ["Cholera outbreak spreads in Accra"]
    cholera = Article.objects.filter(headline__startswith="Cholera")
    cholera.update(expire_at=timezone.now() + timedelta(hours=1))
    assert titles("cholera", sort=sort, country="GH") == found
    # Expired after the searches above were made (and their WHERE compiled), before
    # the next one: found by a search frozen at their time, not by one made now.
    cholera.update(expire_at=timezone.now())
    assert titles("cholera", sort=sort, country="GH") == []


def test_index_follows_edits_and_rebuild(stories):
    """An edited headline is found at once; rebuild() writes every entry again."""
    from wiredesk.desk.models import Article

    article = Article.objects.get(headline="Solar farm opens in Kenya")
    article.headline = "Wind farm opens in Kenya"
    article.standfirst = "A new farm."
    article.save()
    assert titles("wind") == ["Wind farm opens in Kenya"]
    assert titles("solar") == []
    assert rebuild() == 4
    assert titles("wind") == ["Wind farm opens in Kenya"]


NASTY = [
    '"', '""', '"unbalanced', "((((", "))", "cholera)", "NEAR(cholera accra",
    "NEAR(", "*", "**", "cholera*", "*cholera", "a AND OR NOT b", "AND", "OR OR",
    "-cholera", "cholera -accra", "headline:cholera", "body : cholera", "^cholera",
    "cholera'", "'; DROP TABLE desk_article; --", "\\", "%", "_", "%_%",
    "cholera\x00accra", "\x00", "\x01\x02\x1f\x7f", "\ue000cholera\ue001",
    "x" * 10_000, "cholera " * 2_000, "ä ö ü ß", "холера", "霍乱", "🦠 cholera",
    "<script>alert(1)</script>", "&amp;", "{}[]", "cholera:*", "'a' & 'b'",
    "!cholera", "cholera <-> accra", "cholera <2> accra", "a|b", "",
]  # fmt: skip


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_any_text_gives_results_or_a_message(client, stories, text):
    """Whatever the reader types, the search page answers 200 with results or a
    friendly message, never a server error."""
    response = client.get("/search/", {"q": text, "sort": "date"})
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        'class="teasers results"' in body
        or 'class="empty"' in body
        or ('class="notice"' in body)
    )
    assert "could not be run" not in body


def test_long_queries_are_cut_with_a_notice(client, stories):
    """10,000 characters are cut to the first 500, and the reader is told."""
    body = client.get("/search/", {"q": "cholera " + "x" * 10_000}).content.decode()
    assert "shortened" in body


def test_bad_filter_values_are_ignored_with_an_error(client, stories):
    """An unknown sector or a malformed date is shown as an error, and the search
    runs without it."""
    body = client.get(
        "/search/", {"q": "cholera", "sector": "nope", "since": "31-31-2020"}
    ).content.decode()
    assert "</mark> outbreak spreads in Accra" in body
    assert "Select a valid choice" in body and "Enter a valid date" in body


def test_search_page_shows_highlighted_results(client, stories):
    """The page lists hits with <mark> highlights and keeps the query in the box."""
    body = client.get("/search/", {"q": "cholera"}).content.decode()
    assert "<mark>Cholera</mark> outbreak spreads in Accra" in body
    assert 'value="cholera"' in body
    assert "Withdrawn" not in body


def test_search_page_keeps_the_chosen_filters_selected(client, stories):
    """After a filtered search, the filter boxes still show what the reader chose,
    and the other choices stay available."""
    body = client.get(
        "/search/", {"q": "cholera", "country": "KE", "sort": "date"}
    ).content.decode()
    assert "Solar farm opens in Kenya" in body
    assert "Cholera outbreak spreads in Accra" not in body
    assert '<option value="KE" selected>' in body
    assert '<option value="date" selected>' in body
    assert '<option value="NG">' in body and '<option value="" >' not in body


@pytest.mark.parametrize(
    "since, until",
    [("0001-01-01", ""), ("", "9999-12-31"), ("0001-01-01", "9999-12-31")],
)
def test_dates_at_the_ends_of_the_calendar_are_no_error(
    client, stories, settings, since, until
):
    """The first and last days Python knows search everything, in any time zone."""
    settings.SITE_TIME_ZONE = "Pacific/Kiritimati"  # UTC+14
    response = client.get("/search/", {"q": "cholera", "since": since, "until": until})
    assert response.status_code == 200
    assert "</mark> outbreak spreads in Accra" in response.content.decode()


def test_braces_in_a_menu_label_are_shown_as_written(client, stories):
    """Staff may name a sector anything: the filter menu shows it, the page works."""
    from wiredesk.taxonomy.models import Sector

    sector = Sector.objects.get(slug="health")
    sector.name = "Health {R&D} {}"
    sector.save()  # a save drops the process's copy of the menus
    response = client.get("/search/", {"q": "cholera", "sector": "health"})
    assert response.status_code == 200
    assert '<option value="health" selected>Health {R&amp;D} {}</option>' in (
        response.content.decode()
    )


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_search_inside_a_transaction_leaves_its_planner_settings_behind(stories, sort):
    """The PostgreSQL search steers its own plans (SET LOCAL); run inside a
    caller's transaction (as every test is), the caller's later queries must
    still plan with the settings they had."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner settings are PostgreSQL's")
    names = ("enable_seqscan", "enable_indexscan", "cpu_tuple_cost")

    def current() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(f"current_setting('{n}')" for n in names)
            )
            return list(cursor.fetchone())

    before = current()
    assert connection.in_atomic_block
    assert search(parse("cholera"), Filters(), sort).hits
    assert current() == before


STEM_WORDS = [
    "international",
    "internal",
    "organization",
    "university",
    "emergency",
    "evening",
    "added",
    "vaccinating",
    "vaccines",
    "cholera",
    "outbreaks",
    "spreading",
    "nurses",
    "children",
    "clinics",
    "elections",
    "governments",
    "ministries",
    "flooding",
    "harvests",
    "prices",
    "agreed",
    "running",
    "happily",
    "generously",
    "generation",
    "hospitality",
    "relational",
    "conditional",
]


@pytest.mark.parametrize("config", ["english", "french", "german", "spanish"])
def test_snippet_stemmer_stems_as_postgresql_does(db, config):
    """Snippets mark a word when its stem is one of the query's lexemes; a Python
    stemmer that disagrees with PostgreSQL's would leave matched words unmarked."""
    from django.db import connection

    from wiredesk.reader.search import highlight

    if connection.vendor != "postgresql":
        pytest.skip("compared with PostgreSQL's own Snowball stemmers")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT w, ts_lexize('{config}_stem', w) FROM unnest(%s::text[]) w",
            [STEM_WORDS],
        )
        theirs = {word: (lexemes or [word])[0] for word, lexemes in cursor.fetchall()}
    ours = {word: highlight.stem(config, word) for word in STEM_WORDS}
    assert ours == theirs
