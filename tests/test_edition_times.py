"""Edition homes as readers compare them with the rest of the site: a story shows
the same time on every page, under a zone name a reader can read; the global
edition is the whole site's; the demo's in-house pieces are filed like news."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from tests.test_reader_pages import html, make_article
from wiredesk.demo import editorial
from wiredesk.desk.models import Article, HomePin
from wiredesk.distribution import dates
from wiredesk.drafting.editions import edition_slug_for, edition_slug_for_code
from wiredesk.reader.jinja import site_time
from wiredesk.taxonomy.models import Edition

pytestmark = pytest.mark.django_db

# "27-11-2026 16:14 UTC" in a teaser or the article's meta line.
SHOWN = re.compile(r"<time[^>]*>(\d\d-\d\d-\d{4} \d\d:\d\d [^<]+)</time>")
RAW_OFFSET = re.compile(r"\d\d:\d\d [+-]\d")


@pytest.fixture(autouse=True)
def uncached(settings):
    """Each request renders: a page cached under one zone must not answer another."""
    settings.CACHE_SECONDS = 0


def shown_time(page: str, headline: str) -> str:
    """The time printed in the teaser of ``headline`` on ``page``."""
    teaser = page[page.index(headline) :]
    return SHOWN.search(teaser).group(1)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "Asia/Bangkok"])
def test_a_story_shows_one_time_on_its_edition_home_and_its_own_page(
    client, settings, zone
):
    """Ghana's story (Africa edition, whose digest goes out on Nairobi time) reads
    the same time and zone on the Africa home, the main home, the latest list and
    its own page."""
    settings.SITE_TIME_ZONE = zone
    when = datetime(2026, 11, 27, 16, 14, tzinfo=UTC)
    story = make_article("Ghana signs a water loan", country_id="GH")
    Article.objects.filter(pk=story.pk).update(updated_at=when)
    own = html(client, story.get_absolute_url())
    expected = SHOWN.search(own[own.index('class="updated"') - 20 :]).group(1)
    assert expected == site_time(when)
    for url in ("/edition/africa/", "/", "/latest/"):
        assert shown_time(html(client, url), story.headline) == expected, url


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Bangkok", "27-11-2026 23:14 ICT"),
        ("Asia/Dhaka", "27-11-2026 22:14 BST"),
        ("America/Bogota", "27-11-2026 11:14 COT"),
        ("Asia/Amman", "27-11-2026 19:14 AST"),
        ("Asia/Kathmandu", "27-11-2026 21:59 NPT"),
        ("Africa/Accra", "27-11-2026 16:14 GMT"),
        ("Asia/Kolkata", "27-11-2026 21:44 IST"),
        # No name in the table: an explicit offset, never tzdata's bare "+05".
        ("Asia/Almaty", "27-11-2026 21:14 UTC+5"),
        ("Asia/Kabul", "27-11-2026 20:44 AFT"),
        ("Antarctica/Vostok", "27-11-2026 21:14 UTC+5"),
    ],
)
def test_zone_names_are_readable(settings, zone, shown):
    """Zones tzdata names only by offset ("+07") read as the abbreviation readers
    know, else as "UTC+5"."""
    settings.SITE_TIME_ZONE = zone
    assert site_time(datetime(2026, 11, 27, 16, 14, tzinfo=UTC)) == shown


def test_no_edition_home_shows_a_raw_offset(client, settings):
    """With the site on Bangkok time, no edition home prints "+07"-style zones."""
    settings.SITE_TIME_ZONE = "Asia/Bangkok"
    for country in ("GH", "BD", "MX", "JO", "MD", "US"):
        edition = edition_slug_for_code(country)
        make_article(f"A story from {country}", country_id=country, edition_id=edition)
    for edition in Edition.objects.all():
        page = html(client, f"/edition/{edition.slug}/")
        assert not RAW_OFFSET.search(page), edition.slug
        assert "ICT" in page, edition.slug


def test_an_edition_time_zone_must_be_a_real_zone():
    """The desk cannot save a zone the digest could not load."""
    edition = Edition.objects.get(slug="africa")
    edition.time_zone = "Africa/Atlantis"
    with pytest.raises(ValidationError, match="not an IANA time zone"):
        edition.full_clean()
    edition.time_zone = "Africa/Accra"
    edition.full_clean()


def test_the_global_edition_lists_the_whole_site(client):
    """Stories with a country (Africa, Asia) are on the global edition's home,
    which never claims that nothing is published."""
    ghana = make_article("Ghana signs a water loan", country_id="GH")
    nepal = make_article(
        "Nepal brings tablets to mountain schools",
        country_id="NP",
        edition_id="asia-pacific",
        minutes_ago=5,
    )
    opinion = make_article("Meters before pipes", kind="opinion", minutes_ago=10)
    page = html(client, "/edition/global/")
    for article in (ghana, nepal, opinion):
        assert article.headline in page
    assert "No stories have been published yet" not in page
    # The desk's pins for the global edition are its top stories; the rest follow.
    HomePin.objects.create(article=nepal, edition_id="global", position=0)
    page = html(client, "/edition/global/")
    top, rest = page.split('id="latest-h"')
    assert nepal.headline in top and ghana.headline not in top
    assert ghana.headline in rest


def test_the_global_editions_feed_and_sitemap_entry_follow_its_page(client):
    """The global edition's feed carries what its page lists (stories of any
    country), and its sitemap entry changes when any of them does."""
    import feedparser

    ghana = make_article("Ghana signs a water loan", country_id="GH")
    nepal = make_article(
        "Nepal brings tablets to mountain schools",
        country_id="NP",
        edition_id="asia-pacific",
        minutes_ago=5,
    )
    feed = feedparser.parse(client.get("/feeds/edition/global.rss").content)
    assert not feed.bozo
    assert {e.title for e in feed.entries} == {ghana.headline, nepal.headline}
    europe = feedparser.parse(client.get("/feeds/edition/europe.rss").content)
    assert europe.entries == []
    sitemap = client.get("/sitemap-editions.xml").content.decode()
    entry = sitemap[sitemap.index("/edition/global/") :].split("</url>")[0]
    newest = max(dates.modified(a) for a in Article.objects.all())
    assert f"<lastmod>{newest.date().isoformat()}" in entry


def test_an_empty_regional_edition_says_so_honestly(client):
    """A regional home with no stories says the edition has none, not the site."""
    make_article("Ghana signs a water loan", country_id="GH")
    page = html(client, "/edition/europe/")
    assert "Ghana signs" not in page
    assert "No stories have been published yet" not in page
    assert "No stories in the Europe edition yet" in page


def test_every_demo_piece_has_a_sector_an_edition_and_its_place(client):
    """Each in-house piece, published or in review, names a sector and an edition;
    the interview names its interviewee and place, filed in that country's
    edition; each published piece is listed on its sector and edition pages."""
    editorial.seed()
    pieces = Article.objects.exclude(kind=Article.Kind.NEWS)
    assert pieces.count() == 4
    for piece in pieces.select_related("country"):
        assert piece.sector_id and piece.edition_id, piece.headline
        if piece.country:
            assert piece.dateline
            assert piece.edition_id == edition_slug_for(piece.country)
    interview = pieces.get(kind=Article.Kind.INTERVIEW)
    assert interview.country_id == "CO" and interview.dateline == "Montería"
    assert "Lucía Mendoza Arango" in interview.standfirst
    assert "district education officer" not in interview.standfirst
    for piece in Article.objects.published().exclude(kind=Article.Kind.NEWS):
        for url in (f"/sector/{piece.sector_id}/", f"/edition/{piece.edition_id}/"):
            assert piece.headline in html(client, url), url
