"""The reader's look and feel as HTML: the TRENDING block, the menus' markup, the
feeds page behind the footer's RSS link, the favicon and Open Graph's locale."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from tests.test_reader_pages import make_article
from wiredesk.audience import trending
from wiredesk.distribution.meta import og_locale
from wiredesk.taxonomy.models import Edition, Sector

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_trending")]


def viewed(article, readers: int) -> None:
    for n in range(readers):
        trending.record_view(article.pk, f"198.51.100.{n}", BROWSER, now=time.time())


def test_trending_is_a_titled_list_with_one_rank_per_story(client):
    """The home page's TRENDING block has the other blocks' title and one rank
    number per story, its headline and its region label."""
    floods = make_article("Floods close schools", country_id="KE")
    talks = make_article("Climate talks resume", country_id="FR", edition_id="europe")
    viewed(floods, 3)
    viewed(talks, 2)
    trending.recompute()

    html = client.get("/").content.decode()
    block = html[html.index('<section class="trending"') :]
    block = block[: block.index("</section>")]
    assert '<h2 id="trending-h" class="block-title">Trending</h2>' in block
    items = re.findall(r"<li>(.*?)</li>", block, re.S)
    assert len(items) == 2
    shown = [("Floods close schools", "Africa"), ("Climate talks resume", "Europe")]
    for rank, (item, (headline, region)) in enumerate(
        zip(items, shown, strict=True), start=1
    ):
        # The rank once, hidden from screen readers (the <ol> numbers the items).
        assert re.findall(r'class="trending-rank"[^>]*>(\d+)<', item) == [str(rank)]
        assert f">{headline}</a>" in item
        assert f'<span class="region">{region}</span>' in item


def test_trending_empty_says_so_under_its_title(client):
    html = client.get("/").content.decode()
    assert '<h2 id="trending-h" class="block-title">Trending</h2>' in html
    assert '<p class="empty">Nothing trending yet.</p>' in html


def test_menus_share_a_name_and_load_their_script(client):
    """The two dropdowns are one group (one open at a time, even without the
    script), and the script that closes them is a static file, not inline."""
    html = client.get("/").content.decode()
    assert html.count('<details name="menu">') == 2
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert any("reader/menus.js" in s and "defer" in s for s in scripts)
    assert "<script>" not in html  # nothing inline
    assert finders.find("reader/menus.js")


def test_footer_rss_link_opens_the_feeds_page(client):
    """The footer's RSS link leads to a page for people listing the latest news,
    every edition and every sector, each with feed addresses that work."""
    make_article("Floods close schools")
    home = client.get("/").content.decode()
    assert '<a href="/feeds/">RSS</a>' in home

    response = client.get("/feeds/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<h1 class="page-title">Feeds</h1>' in page
    names = re.findall(r'<span class="feed-name">(.*?)</span>', page)
    assert names[0] == "All the latest news"
    assert names[1:] == [f"{e.name} edition" for e in Edition.objects.all()] + [
        s.name for s in Sector.objects.all()
    ]
    addresses = re.findall(r'<code class="feed-address">(.*?)</code>', page)
    assert "http://localhost:8000/feeds/latest.rss" in addresses
    assert "http://localhost:8000/feeds/edition/africa.rss" in addresses
    assert "http://localhost:8000/feeds/sector/health.rss" in addresses
    assert "http://localhost:8000/feeds/country/gh.rss" in addresses
    for href in re.findall(r'href="http://localhost:8000(/feeds/[^"]+)"', page):
        assert client.get(href).status_code == 200, href


def test_favicon_ico_leads_to_the_site_icon(client):
    """Pages without an icon link (the admin's) make browsers ask /favicon.ico."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("reader/favicon.svg")
    assert finders.find("reader/favicon.svg")


def test_article_og_locale_has_a_territory(client):
    article = make_article("Floods close schools")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:locale" content="en_US">' in html


@override_settings(SITE_LANGUAGE="pt-br")
def test_og_locale_keeps_a_given_territory(client):
    article = make_article("Cheias fecham escolas")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:locale" content="pt_BR">' in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "en_US"), ("en-GB", "en_GB"), ("fr", "fr_FR"), ("de", "de_DE")],
)
def test_og_locale_forms(language: str, expected: str):
    assert og_locale(language) == expected
