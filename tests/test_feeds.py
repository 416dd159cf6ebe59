"""Feeds read back by strict consumers: feedparser, the RFC 4287 grammar, JSON Feed 1.1.

Every feed (latest, each sector, edition and country; RSS, Atom, JSON) must parse
without feedparser's bozo flag and carry exactly the published articles of its scope.
"""

from __future__ import annotations

import html
import json
from datetime import timedelta

import feedparser
import jsonschema
import lxml.etree
import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import test_distribution_links as shared
from tests.conftest import SHARED
from tests.test_distribution_links import SITE_URL, Newsroom
from wiredesk.desk.models import forget_term_sizes
from wiredesk.distribution.feedformats import JSON_FEED_VERSION
from wiredesk.distribution.feeds import FORMATS, article_guid, feed_path
from wiredesk.taxonomy.models import Country, Edition, Sector

newsroom = shared.newsroom  # the fixture
SCHEMAS = SHARED / "schemas"
ATOM_NS = "http://www.w3.org/2005/Atom"
SCHEMATRON_NS = "http://www.ascc.net/xml/schematron"


def scopes(room: Newsroom) -> list[tuple[str, object, list]]:
    """(scope, term, the articles its feeds must list) for every kind of feed."""
    uganda = Country.objects.get(code="UG")
    return [
        ("latest", None, room.published),
        ("sector", room.health, [room.news, room.opinion, room.old]),
        ("edition", room.africa, [room.news, room.opinion, room.old]),
        ("country", room.kenya, [room.news, room.old]),
        ("country", uganda, [room.news, room.opinion]),
    ]


def fetch(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    return response


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_every_feed_parses_cleanly_with_the_published_articles_only(
    client, newsroom, fmt
):
    """feedparser reads each RSS and Atom feed without bozo; drafts, unpublished
    and expired articles and other terms' articles are absent. (feedparser 6.0
    does not read JSON Feed: the JSON Feed tests below check those.)"""
    for scope, term, expected in scopes(newsroom):
        path = feed_path(scope, fmt, term)
        response = fetch(client, path)
        assert response["Content-Type"].startswith(FORMATS[fmt][1])
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert {e.id for e in parsed.entries} == {article_guid(a) for a in expected}, (
            path
        )
        assert {e.link for e in parsed.entries} == {
            SITE_URL + a.get_absolute_url() for a in expected
        }
        assert parsed.feed.title.startswith("Example News: ")
        assert parsed.feed.language == "en"


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_entries_carry_text_dates_authors_and_categories(client, newsroom, fmt):
    """An entry has the headline, standfirst, full body, dates, author and the
    sector and country names as categories, all as a feed reader shows them."""
    parsed = feedparser.parse(fetch(client, feed_path("latest", fmt)).content)
    entries = {e.id: e for e in parsed.entries}
    news = entries[article_guid(newsroom.news)]
    assert news.title == newsroom.news.headline
    # The summary is HTML (RSS descriptions, Atom type="html"): shown as HTML, it
    # reads exactly as the standfirst, markup-like characters included.
    assert news.summary_detail.type == "text/html"
    assert html.unescape(news.summary) == newsroom.news.standfirst
    assert "<strong>Monday</strong>" in news.content[0].value
    assert (
        news.published_parsed[:5]
        == (newsroom.news.first_published_at.utctimetuple()[:5])
    )
    assert news.author == "wiredesk News Desk"
    assert {t.term for t in news.tags} == {
        "Health",
        "Gender",
        "Kenya",
        "Uganda",
    }
    opinion = entries[article_guid(newsroom.opinion)]
    assert opinion.author == "Amina Odhiambo"
    if fmt == "atom":
        assert news.updated_parsed >= news.published_parsed


def test_feeds_link_to_site_url_whatever_the_host(client, newsroom, settings):
    """A request through another host name still gets SITE_URL links."""
    settings.ALLOWED_HOSTS = ["internal.test"]
    response = client.get(feed_path("latest", "atom"), HTTP_HOST="internal.test")
    assert b"internal.test" not in response.content
    feed = feedparser.parse(response.content).feed
    assert feed.link == SITE_URL + "/"
    assert {link.href for link in feed.links if link.rel == "self"} == {
        SITE_URL + feed_path("latest", "atom")
    }


def test_the_old_rss_address_still_serves_the_latest_feed(client, newsroom):
    """/feeds/latest.rss keeps its name and address from the first release."""
    assert reverse("distribution:latest-rss") == "/feeds/latest.rss"
    parsed = feedparser.parse(fetch(client, "/feeds/latest.rss").content)
    assert parsed.version == "rss20"
    assert len(parsed.entries) == len(newsroom.published)


@pytest.mark.parametrize("scope", ["sector", "edition", "country"])
def test_unknown_terms_are_not_found(client, db, scope):
    """A feed of a sector, edition or country that does not exist is a 404."""
    assert client.get(f"/feeds/{scope}/no-such-term.atom").status_code == 404


def test_a_term_without_articles_has_a_valid_empty_feed(client, db):
    """An empty sector still gives a well-formed feed (no entries, not an error)."""
    sector = Sector.objects.first()
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(
            fetch(client, feed_path("sector", fmt, sector)).content
        )
        assert not parsed.bozo
        assert parsed.entries == []
    document = json.loads(fetch(client, feed_path("sector", "json", sector)).content)
    assert document["items"] == []


# --- Atom against RFC 4287 -----------------------------------------------------------


@pytest.fixture(scope="module")
def atom_grammar() -> tuple[lxml.etree.RelaxNG, list[tuple[str, str, str]]]:
    """The RELAX NG grammar of RFC 4287 and its Schematron rules (context, test,
    message), which RELAX NG validation alone does not enforce."""
    path = SCHEMAS / "atom.rng"
    if not path.is_file():
        pytest.skip(f"Atom grammar not found at {path} (set WIREDESK_SHARED)")
    tree = lxml.etree.parse(str(path))
    rules = [
        (rule.get("context"), test.get("test"), " ".join(test.text.split()))
        for rule in tree.iter(f"{{{SCHEMATRON_NS}}}rule")
        for test in rule.iter(f"{{{SCHEMATRON_NS}}}assert")
    ]
    assert len(rules) >= 3, "the RFC 4287 grammar has three Schematron rules"
    return lxml.etree.RelaxNG(tree), rules


def assert_valid_atom(content: bytes, grammar, where: str) -> lxml.etree._Element:
    relaxng, rules = grammar
    doc = lxml.etree.fromstring(content)
    assert relaxng.validate(doc), f"{where}: {relaxng.error_log}"
    ns = {"atom": ATOM_NS}
    for context, test, message in rules:
        for node in doc.xpath(f"//{context}", namespaces=ns) + (
            [doc] if doc.xpath(f"self::{context}", namespaces=ns) else []
        ):
            assert node.xpath(f"boolean({test})", namespaces=ns), f"{where}: {message}"
    return doc


def test_atom_feeds_are_valid_rfc_4287(client, newsroom, atom_grammar):
    """Every Atom feed validates against the RFC 4287 grammar and its Schematron
    rules; each entry has an author, an alternate link, an id and updated."""
    for scope, term, expected in scopes(newsroom):
        path = feed_path(scope, "atom", term)
        doc = assert_valid_atom(fetch(client, path).content, atom_grammar, path)
        ns = {"a": ATOM_NS}
        entries = doc.findall("a:entry", ns)
        assert len(entries) == len(expected)
        for entry in entries:
            assert entry.find("a:author/a:name", ns).text
            alternate = entry.find("a:link[@rel='alternate']", ns).get("href")
            assert alternate.startswith(SITE_URL + "/news/")
            assert entry.find("a:content", ns).get("type") == "html"
        assert len(doc.findall("a:link[@rel='alternate']", ns)) == 1


def test_empty_atom_feed_is_valid(client, db, atom_grammar):
    """An Atom feed with no entries still has its own author, id and updated."""
    path = feed_path("edition", "atom", Edition.objects.get(slug="europe"))
    assert_valid_atom(fetch(client, path).content, atom_grammar, path)


# --- lead images as enclosures ------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 120  # an upload's first bytes are checked


@pytest.fixture
def uploaded_image(newsroom, settings, tmp_path):
    """The old article gets an uploaded PNG lead image (the news one has an agency
    image address, the others none)."""
    settings.MEDIA_ROOT = tmp_path
    newsroom.old.lead_image.save("drive.png", ContentFile(PNG), save=True)
    return newsroom.old


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_lead_images_are_enclosures_a_feed_reader_finds(
    client, newsroom, uploaded_image, fmt
):
    """RSS <enclosure> and Atom link rel="enclosure" carry each lead image with its
    address, length and type, read back by feedparser without bozo; articles
    without an image have none."""
    parsed = feedparser.parse(fetch(client, feed_path("latest", fmt)).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    enclosures = {
        e.id: [(x.href, x.length, x.type) for x in e.enclosures] for e in parsed.entries
    }
    assert enclosures.pop(article_guid(newsroom.news)) == [
        ("https://images.example.org/clinic.jpg", "0", "image/jpeg")
    ]
    assert enclosures.pop(article_guid(uploaded_image)) == [
        (SITE_URL + uploaded_image.lead_image.url, str(len(PNG)), "image/png")
    ]
    assert uploaded_image.lead_image.url.startswith("/media/lead/")
    assert all(found == [] for found in enclosures.values())


def test_atom_with_enclosures_is_valid_rfc_4287(
    client, newsroom, uploaded_image, atom_grammar
):
    """The enclosure links keep every Atom feed valid against RFC 4287."""
    for scope, term, _ in scopes(newsroom):
        path = feed_path(scope, "atom", term)
        doc = assert_valid_atom(fetch(client, path).content, atom_grammar, path)
        ns = {"a": ATOM_NS}
        for link in doc.findall("a:entry/a:link[@rel='enclosure']", ns):
            assert link.get("href").startswith("https://")
            assert link.get("type").startswith("image/")


def test_json_feed_items_carry_the_uploaded_image_address(
    client, newsroom, uploaded_image
):
    """JSON Feed's item image is the absolute address of an uploaded image too."""
    latest = json.loads(fetch(client, feed_path("latest", "json")).content)
    items = {item["id"]: item for item in latest["items"]}
    assert (
        items[article_guid(uploaded_image)]["image"]
        == SITE_URL + uploaded_image.lead_image.url
    )
    assert "image" not in items[article_guid(newsroom.opinion)]


# --- JSON Feed 1.1 -------------------------------------------------------------------

# The shape JSON Feed 1.1 requires (https://jsonfeed.org/version/1.1), written for
# this test: required keys, their types, and ids as strings.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": JSON_FEED_VERSION},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"$ref": "#/$defs/authors"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [
                    {"required": ["content_html"]},
                    {"required": ["content_text"]},
                ],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": {"type": "string", "pattern": "^https?://"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "authors": {"$ref": "#/$defs/authors"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
    "$defs": {
        "authors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "anyOf": [{"required": ["name"]}, {"required": ["url"]}],
            },
        }
    },
}


def test_json_feeds_have_the_json_feed_1_1_shape(client, newsroom):
    """Every JSON Feed declares version 1.1, has items with unique string ids,
    content_html and RFC 3339 dates, and points at itself and the site."""
    checker = jsonschema.Draft202012Validator(
        JSON_FEED_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for scope, term, expected in scopes(newsroom):
        path = feed_path(scope, "json", term)
        document = json.loads(fetch(client, path).content)
        checker.validate(document)
        assert document["feed_url"] == SITE_URL + path
        ids = [item["id"] for item in document["items"]]
        assert sorted(ids) == sorted(article_guid(a) for a in expected)
        assert len(set(ids)) == len(ids)
    latest = json.loads(fetch(client, feed_path("latest", "json")).content)
    news = next(i for i in latest["items"] if i["id"] == article_guid(newsroom.news))
    assert news["summary"] == newsroom.news.standfirst  # plain text, not HTML
    assert news["image"] == newsroom.news.lead_image_url
    assert "<strong>Monday</strong>" in news["content_html"]


# --- discovery -----------------------------------------------------------------------


def discovered(markup: str) -> dict[str, str]:
    """href → type of the page's <link rel="alternate"> feed links."""
    doc = lxml.html.fromstring(f"<html><head>{markup}</head><body></body></html>")
    return {
        link.get("href"): link.get("type")
        for link in doc.xpath("//link[@rel='alternate']")
    }


def render_feed_links(**context) -> str:
    """What ``feed_links()`` puts in a public page's head, for this context."""
    return engines["jinja2"].from_string("{{ feed_links() }}").render(context)


def test_every_page_advertises_the_latest_feeds_in_each_format(client, db):
    """Each page's head links the latest RSS, Atom and JSON feeds, and each link
    serves a feed of the advertised type."""
    links = discovered(render_feed_links())
    assert set(links.values()) == {mime for _, mime, _ in FORMATS.values()}
    for href, mime in links.items():
        assert fetch(client, href)["Content-Type"].startswith(mime)


def test_term_pages_advertise_their_own_feeds(client, newsroom):
    """A sector, edition or country page also links that term's feeds."""
    for name, term in (
        ("sector", newsroom.health),
        ("edition", newsroom.africa),
        ("country", newsroom.kenya),
    ):
        links = discovered(render_feed_links(**{name: term}))
        own = {feed_path(name, fmt, term) for fmt in FORMATS}
        assert own <= set(links), name
        for href in own:
            assert fetch(client, href).content


def test_feed_queries_do_not_grow_with_the_number_of_articles(client, newsroom):
    """A feed of 3 articles and one of 13 run the same number of queries."""

    def queries() -> list[int]:
        counts = []
        for fmt in FORMATS:
            forget_term_sizes()  # both rounds read the sizes of terms afresh
            with CaptureQueriesContext(connection) as captured:
                fetch(client, feed_path("sector", fmt, newsroom.health))
            counts.append(len(captured))
        return counts

    before = queries()
    for n in range(10):
        shared.make_article(
            f"More health news {n}",
            published_ago=timedelta(minutes=n + 1),
            sector=newsroom.health,
            secondary_sectors=[newsroom.health],
            countries=[newsroom.kenya],
            author=newsroom.opinion.author,
            kind="opinion",
        )
    assert queries() == before
