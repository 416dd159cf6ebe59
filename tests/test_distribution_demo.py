"""Distribution over the demo's real content: wires through the whole path, plus
the in-house opinion, blog and interview pieces, read back by strict consumers."""

from __future__ import annotations

import json

import feedparser
import lxml.etree
import pytest

from tests.test_feeds import assert_valid_atom, atom_grammar  # noqa: F401 - fixture
from tests.test_sitemaps import (
    NS,
    assert_valid,
    locations,
    schemas,  # noqa: F401 - fixture
    without_news,
)
from wiredesk.demo import editorial
from wiredesk.demo.setup import register_sources
from wiredesk.demo.wire_server import WireService
from wiredesk.desk.models import Article
from wiredesk.distribution.feeds import FEED_ITEMS, SCOPES, article_guid, feed_path
from wiredesk.ingest import pipeline
from wiredesk.taxonomy.models import Country, Edition, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(django_capture_on_commit_callbacks, settings):
    """The demo's agency stories, walked down the path, and its in-house pieces."""
    settings.SITE_URL = "https://demo.example.org"
    service = WireService().start()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for source in register_sources(service):
                pipeline.fetch_source(source)
        editorial.seed()
    finally:
        service.stop()
    assert Article.objects.published().count() > 5
    return settings.SITE_URL


def terms_with_articles() -> list[tuple[str, object]]:
    published = Article.objects.published()
    found: list[tuple[str, object]] = [("latest", None)]
    for scope, model in (
        ("sector", Sector),
        ("edition", Edition),
        ("country", Country),
    ):
        for term in model.objects.all():
            if SCOPES[scope].filter(published, term).exists():
                found.append((scope, term))
    return found


def test_demo_feeds_are_read_cleanly_by_strict_consumers(
    client,
    demo_site,
    atom_grammar,  # noqa: F811
):
    """Every feed of every term with demo articles: RSS and Atom read by feedparser
    without bozo, Atom valid RFC 4287, JSON Feed with the same ids."""
    terms = terms_with_articles()
    assert {scope for scope, _ in terms} == {"latest", "sector", "edition", "country"}
    for scope, term in terms:
        published = Article.objects.published()
        published = SCOPES[scope].filter(published, term)
        expected = {article_guid(a) for a in published.latest_first()[:FEED_ITEMS]}
        for fmt in ("rss", "atom"):
            path = feed_path(scope, fmt, term)
            parsed = feedparser.parse(client.get(path).content)
            assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
            assert {e.id for e in parsed.entries} == expected, path
            assert all(e.get("content") for e in parsed.entries), path
        atom = feed_path(scope, "atom", term)
        assert_valid_atom(client.get(atom).content, atom_grammar, atom)
        document = json.loads(client.get(feed_path(scope, "json", term)).content)
        assert {item["id"] for item in document["items"]} == expected


def test_demo_sitemaps_are_valid(client, demo_site, schemas):  # noqa: F811
    """The index and every sitemap validate; the News sitemap lists the demo's
    articles of the last 48 hours and every location is a page that answers."""
    index = lxml.etree.fromstring(client.get("/sitemap.xml").content)
    assert_valid(schemas["siteindex"], index, "index")
    for url in locations(index):
        doc = lxml.etree.fromstring(client.get(url.removeprefix(demo_site)).content)
        assert_valid(schemas["sitemap"], without_news(doc), url)
        for loc in locations(doc):
            assert client.get(loc.removeprefix(demo_site)).status_code == 200, loc
    news = lxml.etree.fromstring(client.get("/sitemap-news.xml").content)
    assert len(news.findall("sm:url/news:news", NS)) == len(locations(news)) > 0


def test_every_published_demo_article_has_a_sector_and_an_edition(client, demo_site):
    """Agency stories and in-house pieces alike: each is listed on a sector page
    and an edition home, so none is missing from the menus' pages."""
    published = Article.objects.published()
    assert published.filter(kind=Article.Kind.NEWS).count() >= 10
    assert published.exclude(kind=Article.Kind.NEWS).count() == 3
    for article in published:
        assert article.sector_id and article.edition_id, article.headline
        for url in (f"/sector/{article.sector_id}/", f"/edition/{article.edition_id}/"):
            assert article.headline in client.get(url).content.decode(), url
