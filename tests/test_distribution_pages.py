"""Distribution on the real reader pages: discovery links, structured data, caching.

Here the reader's own views and templates render the tags, and a crawler follows
every sitemap location to the reader's pages.
"""

from __future__ import annotations

import extruct
import feedparser
import lxml.etree
import lxml.html
from django.urls import reverse

from tests import test_distribution_links as shared
from tests.test_distribution_links import SITE_URL
from tests.test_distribution_meta import REQUIRED
from wiredesk.desk.models import Article
from wiredesk.distribution.feeds import FORMATS, article_guid, feed_path

newsroom = shared.newsroom  # the fixture


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def alternates(html: str) -> dict[str, str]:
    """href → type of the feed links in the page's head."""
    doc = lxml.html.fromstring(html)
    return {
        link.get("href"): link.get("type")
        for link in doc.xpath("//head/link[@rel='alternate']")
    }


def test_every_reader_page_advertises_the_latest_feeds(client, newsroom):
    """Home, article, latest and search pages link the RSS, Atom and JSON feeds."""
    latest = {feed_path("latest", fmt) for fmt in FORMATS}
    for path in (
        reverse("reader:home"),
        newsroom.news.get_absolute_url(),
        reverse("reader:latest"),
        reverse("reader:search") + "?q=clinics",
    ):
        assert latest <= set(alternates(page(client, path))), path


def test_term_pages_advertise_their_own_feeds(client, newsroom):
    """The health sector, Africa edition and Kenya pages each link their feeds."""
    for scope, term, path in (
        ("sector", newsroom.health, reverse("reader:sector", args=["health"])),
        ("edition", newsroom.africa, reverse("reader:edition", args=["africa"])),
        ("country", newsroom.kenya, reverse("reader:country", args=["ke"])),
    ):
        links = alternates(page(client, path))
        for fmt, (_, mime, _) in FORMATS.items():
            assert links.get(feed_path(scope, fmt, term)) == mime, path


def test_article_page_carries_the_news_article(client, newsroom):
    """extruct reads the NewsArticle with its required fields from the article
    page the reader serves, and the Open Graph type is article."""
    html = page(client, newsroom.news.get_absolute_url())
    data = extruct.extract(html, base_url=SITE_URL, syntaxes=["json-ld", "opengraph"])
    found = [d for d in data["json-ld"] if d.get("@type") == "NewsArticle"]
    assert len(found) == 1
    assert all(found[0].get(field) for field in REQUIRED), found[0]
    assert found[0]["headline"] == newsroom.news.headline
    assert found[0]["contentLocation"]["name"] == "NAIROBI"
    assert ("og:type", "article") in data["opengraph"][0]["properties"]


def test_every_sitemap_location_is_a_reader_page(client, newsroom):
    """A crawler following the index and every sitemap reaches pages, never 404."""
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = lxml.etree.fromstring(client.get("/sitemap.xml").content)
    for url in index.xpath("//sm:loc/text()", namespaces=ns):
        doc = lxml.etree.fromstring(client.get(url.removeprefix(SITE_URL)).content)
        locations = doc.xpath("//sm:loc/text()", namespaces=ns)
        assert locations, url
        for loc in locations:
            response = client.get(loc.removeprefix(SITE_URL))
            assert response.status_code == 200, f"{url} lists {loc}"


def test_a_retracted_article_leaves_cached_feeds_at_once(client, newsroom, settings):
    """With the page cache on, a feed served from the cache no longer lists an
    article as soon as the desk unpublishes it."""
    settings.CACHE_SECONDS = 300
    path = feed_path("latest", "atom")
    url = newsroom.news.get_absolute_url()
    for _ in range(2):
        client.get(path)
        news = client.get("/sitemap-news.xml")
    assert news["X-Page-Cache"] == "hit"
    assert url in news.content.decode()
    cached = client.get(path)
    assert cached["X-Page-Cache"] == "hit"
    assert "s-maxage=300" in cached["Cache-Control"]
    ids = {e.id for e in feedparser.parse(cached.content).entries}
    assert article_guid(newsroom.news) in ids

    newsroom.news.status = Article.Status.UNPUBLISHED
    newsroom.news.live = False
    newsroom.news.save()

    after = feedparser.parse(client.get(path).content)
    assert article_guid(newsroom.news) not in {e.id for e in after.entries}
    assert url not in client.get("/sitemap-news.xml").content.decode()
