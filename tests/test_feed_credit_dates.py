"""Agency credit and dates in what distribution writes, against the article page.

Agency stories go the production path (``store_items`` → stories → drafting → desk,
on-commit callbacks run) with the agency's own times in the past, as wires send them:
the feeds, the JSON-LD and Open Graph of the page and the sitemaps must credit the
agencies as the page does and give dates that never contradict each other.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import extruct
import feedparser
import jsonschema
import lxml.etree
import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from tests import test_desk_fixtures, test_feeds, test_sitemaps
from tests import test_distribution_links as shared
from tests.test_desk_agency import deliver
from tests.test_distribution_links import SITE_URL, make_article
from tests.test_feeds import JSON_FEED_SCHEMA, assert_valid_atom
from tests.test_sitemaps import NS, get_xml, without_news
from wiredesk.desk import workflow
from wiredesk.desk.models import Article
from wiredesk.distribution.feeds import article_guid, feed_path
from wiredesk.ingest.models import Source
from wiredesk.ingest.wire import ParsedItem, Signal
from wiredesk.taxonomy.models import Country

# The fixtures shared with the feed, sitemap and desk tests.
newsroom = shared.newsroom
atom_grammar = test_feeds.atom_grammar
schemas = test_sitemaps.schemas
editor = test_desk_fixtures.editor

MERIDIAN, NORTHWIND = "Meridian Press Agency", "Northwind Wire"
BOTH = f"(With inputs from {MERIDIAN} and {NORTHWIND}.)"
GENERIC = "(With inputs from agencies.)"
# The agencies' own times: months before the site publishes anything in a test.
BASE = datetime(2026, 2, 5, 6, 0, tzinfo=UTC)
HEADLINE = "Flooding closes schools across northern Ghana"
BODY = (
    "TAMALE, Feb 5 (Meridian) - Floods closed 140 schools in northern Ghana on "
    "Thursday after two days of heavy rain, the education ministry said.\n\n"
    "Officials in Tamale said 12,000 pupils were affected and that classes would "
    "resume once the water receded.\n\nThe Volta river authority warned of more rain."
)


# --- the pieces a reader, a feed reader and a crawler see ----------------------------


def page_of(client, article: Article) -> lxml.html.HtmlElement:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def page_credit(client, article: Article) -> str:
    """The credit line under the article, as the page shows it."""
    (credit,) = page_of(client, article).xpath("//p[@class='credit']")
    return credit.text_content()


def structured(client, article: Article) -> tuple[dict, dict[str, str], dict]:
    """(JSON-LD NewsArticle, Open Graph tags, the page's visible <time>s) of the
    real article page, read as a search engine and a social site do."""
    markup = client.get(article.get_absolute_url()).content.decode()
    found = extruct.extract(markup, base_url=SITE_URL, syntaxes=["json-ld"])
    types = ("NewsArticle", "OpinionNewsArticle", "BlogPosting")
    (data,) = [d for d in found["json-ld"] if d.get("@type") in types]
    doc = lxml.html.fromstring(markup)
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    shown = {
        t.get("class"): t.get("datetime") for t in doc.xpath("//p[@class='meta']/time")
    }
    return data, og, shown


def when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def seconds(value: datetime) -> datetime:
    """To the second, as RSS and Atom dates are (and so compared in JSON Feed)."""
    return value.replace(microsecond=0)


def last_paragraph(content_html: str) -> str:
    """The text of the last element of a feed item's HTML content."""
    return lxml.html.fragment_fromstring(content_html, create_parent="div")[
        -1
    ].text_content()


def entries(client, scope: str, fmt: str, term=None) -> dict[str, dict]:
    """guid → {content, published, updated, contributors} of one feed's items."""
    response = client.get(feed_path(scope, fmt, term))
    assert response.status_code == 200
    if fmt == "json":
        document = json.loads(response.content)
        return {
            item["id"]: {
                "content": item["content_html"],
                "published": seconds(when(item["date_published"])),
                "updated": seconds(when(item["date_modified"])),
            }
            for item in document["items"]
        }
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    stamp = lambda t: datetime(*t[:6], tzinfo=UTC)  # noqa: E731
    return {
        e.id: {
            "content": e.content[0].value,
            "published": stamp(e.published_parsed),
            "updated": stamp(e.updated_parsed) if "updated_parsed" in e else None,
            "contributors": [c.name for c in e.get("contributors", [])],
        }
        for e in parsed.entries
    }


# --- the wire --------------------------------------------------------------------


@pytest.fixture
def wire(db, django_capture_on_commit_callbacks, settings):
    """Send one agency's item about the floods; returns the story's article."""
    settings.SITE_URL = SITE_URL
    sources = {
        agency: Source.objects.create(
            name=agency,
            slug=agency.split()[0].lower(),
            agency=agency,
            kind=Source.Kind.FILES,
            enabled=False,
            auto_publish=True,
        )
        for agency in (MERIDIAN, NORTHWIND)
    }

    def send(
        headline=HEADLINE, body=BODY, *, agency=MERIDIAN, hours=0.0, signal=Signal.NEW
    ) -> Article:
        source = sources[agency]
        item = ParsedItem(
            guid=f"urn:{source.slug}:floods",
            headline=headline,
            body_text=body,
            signal=signal,
            first_created=BASE + timedelta(minutes=10 if agency == NORTHWIND else 0),
        )
        at = BASE + timedelta(hours=hours)
        return deliver(source, item, at, django_capture_on_commit_callbacks)

    return send


# --- 1. credit ------------------------------------------------------------------------


@pytest.fixture
def credited(newsroom, settings):
    """The newsroom with a published story told by two agencies (credit 'auto')."""
    settings.CREDIT_LINE = "auto"
    return make_article(
        "Lake Victoria ferry resumes service",
        published_ago=timedelta(minutes=40),
        body_html="<p>The ferry sailed at dawn.</p><p>Tickets sold out.</p>",
        sector=newsroom.health,
        edition=newsroom.africa,
        country=newsroom.kenya,
        countries=[newsroom.kenya],
        agencies=[MERIDIAN, NORTHWIND],
    )


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_every_feed_ends_an_agency_story_with_the_credit_line_the_page_shows(
    client, newsroom, credited, fmt
):
    """In the latest, sector, edition and country feeds, the full text of a story
    two agencies told ends with the page's credit line naming both; a one-agency
    story ends with the generic line ('auto'); a piece written in house has none."""
    assert page_credit(client, credited) == BOTH
    assert page_credit(client, newsroom.news) == GENERIC
    uganda = Country.objects.get(code="UG")
    for scope, term in (
        ("latest", None),
        ("sector", newsroom.health),
        ("edition", newsroom.africa),
        ("country", newsroom.kenya),
    ):
        items = entries(client, scope, fmt, term)
        where = f"{scope} {fmt}"
        both = items[article_guid(credited)]["content"]
        assert last_paragraph(both) == BOTH, where
        assert "<p>Tickets sold out.</p>" in both, where
        assert last_paragraph(items[article_guid(newsroom.news)]["content"]) == GENERIC
    opinion = entries(client, "country", fmt, uganda)[article_guid(newsroom.opinion)]
    assert "inputs from" not in opinion["content"]


def test_an_editors_own_credit_line_is_the_feeds_too(client, credited):
    """The desk's credit line (credit_text) replaces the written one everywhere."""
    credited.credit_text = "(Reporting by Meridian; editing by the desk.)"
    credited.save()
    assert page_credit(client, credited) == credited.credit_text
    items = entries(client, "latest", "atom")
    assert last_paragraph(items[article_guid(credited)]["content"]) == (
        credited.credit_text
    )


def test_atom_and_rss_name_the_agencies_as_contributors(
    client, newsroom, credited, atom_grammar
):
    """Atom <contributor> and RSS dc:contributor name each agency of a story (the
    feed's author stays the desk); the Atom feeds still validate against RFC 4287,
    and the JSON feeds against JSON Feed 1.1."""
    for fmt in ("rss", "atom"):
        items = entries(client, "latest", fmt)
        assert items[article_guid(credited)]["contributors"] == [MERIDIAN, NORTHWIND]
        assert items[article_guid(newsroom.news)]["contributors"] == ["Reuters"]
        assert items[article_guid(newsroom.opinion)]["contributors"] == []
    for scope, term in (("latest", None), ("country", newsroom.kenya)):
        path = feed_path(scope, "atom", term)
        assert_valid_atom(client.get(path).content, atom_grammar, path)
        document = json.loads(client.get(feed_path(scope, "json", term)).content)
        jsonschema.validate(document, JSON_FEED_SCHEMA)


def test_json_ld_credits_the_agencies(client, newsroom, credited):
    """The page's NewsArticle names each agency as a contributor Organization and
    carries the credit line as creditText; in-house pieces name none."""
    data, _, _ = structured(client, credited)
    assert data["contributor"] == [
        {"@type": "Organization", "name": MERIDIAN},
        {"@type": "Organization", "name": NORTHWIND},
    ]
    assert data["creditText"] == BOTH
    assert data["publisher"]["name"] == "Example News"
    data, _, _ = structured(client, newsroom.news)  # one agency, generic line
    assert data["contributor"] == [{"@type": "Organization", "name": "Reuters"}]
    assert data["creditText"] == GENERIC
    data, _, _ = structured(client, newsroom.opinion)
    assert "contributor" not in data and "creditText" not in data


def test_a_story_two_agencies_told_is_credited_to_both(client, wire, settings):
    """The production path: a second agency's copy joins the published story, and
    the page, every feed format and the JSON-LD name both agencies."""
    settings.CREDIT_LINE = "auto"
    first = wire()
    assert first.status == Article.Status.PUBLISHED
    article = wire(
        body=BODY.replace("(Meridian)", "(Northwind)"), agency=NORTHWIND, hours=0.5
    )
    assert article.pk == first.pk
    assert sorted(article.agencies) == [MERIDIAN, NORTHWIND]
    line = " and ".join(article.agencies).join(("(With inputs from ", ".)"))
    assert page_credit(client, article) == line
    for fmt in ("rss", "atom", "json"):
        item = entries(client, "latest", fmt)[article_guid(article)]
        assert last_paragraph(item["content"]) == line, fmt
    data, _, _ = structured(client, article)
    assert [c["name"] for c in data["contributor"]] == article.agencies


# --- 2. modified time -----------------------------------------------------------------


def test_an_agency_update_moves_every_modified_time(client, wire):
    """The agency's new headline and figures change the published article: the
    feeds' updated date, JSON-LD dateModified and article:modified_time move to
    when the site changed it, though the agency's own times are months earlier."""
    article = wire()
    published = article.first_published_at
    data, og, _ = structured(client, article)
    assert when(data["dateModified"]) == published
    before = timezone.now()
    article = wire(
        headline=f"{HEADLINE}, 163 now shut",
        body=BODY.replace("140 schools", "163 schools"),
        hours=2,
    )
    assert article.headline.endswith("163 now shut")
    assert article.first_published_at == published  # still the first publication
    data, og, _ = structured(client, article)
    modified = when(data["dateModified"])
    assert before <= modified <= timezone.now()
    assert when(og["article:modified_time"]) == modified
    assert (
        when(data["datePublished"]) == when(og["article:published_time"]) == (published)
    )
    for fmt in ("atom", "json"):
        item = entries(client, "latest", fmt)[article_guid(article)]
        assert item["published"] == seconds(published), fmt
        assert item["updated"] >= seconds(before), fmt
    sitemap = get_xml(client, reverse("distribution:sitemap-section", args=["news"]))
    (lastmod,) = sitemap.xpath("//sm:url/sm:lastmod/text()", namespaces=NS)
    assert when(lastmod) >= seconds(before)


def test_an_editors_change_moves_the_modified_time(client, wire, editor):
    """An editor's new standfirst on a published article is a change readers see:
    dateModified moves; a save that changes nothing readers see does not move it."""
    article = wire()
    before = timezone.now()
    article.standfirst = "Schools stay shut as the water rises."
    workflow.save_edit(
        article,
        user=editor,
        expected_version=article.lock_version,
        changed=["standfirst"],
    )
    data, _, _ = structured(client, article)
    changed = when(data["dateModified"])
    assert changed >= before
    # Resent unchanged by the agency, and flagged by the desk: nothing readers see.
    wire(hours=3)
    stored = Article.objects.get(pk=article.pk)
    stored.attention_reason = "checked"
    stored.save()
    data, _, _ = structured(client, stored)
    assert when(data["dateModified"]) == max(changed, stored.updated_at)


def test_saving_the_same_content_again_changes_nothing(db):
    """Loading and saving an article unchanged, or with other fields only, leaves
    its last change where it was; changing its image or credit moves it."""
    article = make_article("Bridge reopens", published_ago=timedelta(hours=1))
    assert article.changed_at is None  # as first published
    stored = Article.objects.get(pk=article.pk)
    stored.save()
    stored.live = True
    stored.save(update_fields=["live"])
    assert Article.objects.get(pk=article.pk).changed_at is None
    stored.lead_image_url = "https://images.example.org/bridge.jpg"
    stored.save(update_fields=["lead_image_url"])
    first = Article.objects.get(pk=article.pk).changed_at
    assert first is not None
    lazy = Article.objects.defer("body_html", "agencies").get(pk=article.pk)
    lazy.body_html += ""  # read from the database, left as it was
    lazy.save()
    assert Article.objects.get(pk=article.pk).changed_at == first
    lazy.agencies = [MERIDIAN]  # set without being read: taken as a change
    lazy.save()
    assert Article.objects.get(pk=article.pk).changed_at > first


# --- 3. one rule for every date -------------------------------------------------------


def test_no_date_contradicts_another(client, wire, schemas):
    """For an agency story updated after it was published: the page's visible
    Created: (the story's first agency item) is the JSON-LD dateCreated and comes
    before datePublished (the site's first publication), which the feeds, Open
    Graph and news sitemap repeat; every modified date (JSON-LD, Open Graph,
    feeds, both article sitemaps) is the same and never before publication nor
    before the Updated: the page shows."""
    wire()
    article = wire(headline=f"{HEADLINE}, 163 now shut", hours=2)
    data, og, shown = structured(client, article)
    created, published = when(data["dateCreated"]), when(data["datePublished"])
    modified = when(data["dateModified"])
    assert when(shown["created"]) == created == BASE
    assert created <= published <= modified
    assert when(shown["updated"]) <= modified
    assert when(og["article:published_time"]) == published
    assert when(og["article:modified_time"]) == modified
    for fmt in ("atom", "json"):
        item = entries(client, "latest", fmt)[article_guid(article)]
        assert (item["published"], item["updated"]) == (
            seconds(published),
            seconds(modified),
        ), fmt
    rss = entries(client, "latest", "rss")[article_guid(article)]
    assert rss["published"] == seconds(published)

    news = get_xml(client, reverse("distribution:sitemap-section", args=["news"]))
    schemas["sitemap"].assertValid(without_news(news))
    (url,) = news.xpath("//sm:url", namespaces=NS)
    lastmod = when(url.findtext("sm:lastmod", namespaces=NS))
    pubdate = when(url.findtext("news:news/news:publication_date", namespaces=NS))
    assert (pubdate, lastmod) == (published, modified)
    articles = get_xml(
        client, reverse("distribution:sitemap-section", args=["articles"])
    )
    (day,) = articles.xpath("//sm:url/sm:lastmod/text()", namespaces=NS)
    assert day == modified.date().isoformat()
    for section in ("sectors", "editions", "countries", "sections"):
        doc = get_xml(client, reverse("distribution:sitemap-section", args=[section]))
        days = doc.xpath("//sm:lastmod/text()", namespaces=NS)
        assert days and set(days) == {modified.date().isoformat()}, section


def test_an_agency_story_never_has_a_lastmod_before_its_publication(
    client, newsroom, wire
):
    """In the news sitemap every agency story's lastmod is at or after its
    publication date, although the agencies' times are months earlier."""
    wire()
    news = get_xml(client, reverse("distribution:sitemap-section", args=["news"]))
    urls = news.xpath("//sm:url", namespaces=NS)
    assert len(urls) == 4  # three of the newsroom, the floods story
    for url in urls:
        lastmod = when(url.findtext("sm:lastmod", namespaces=NS))
        pubdate = when(url.findtext("news:news/news:publication_date", namespaces=NS))
        assert lastmod >= pubdate, url.findtext("sm:loc", namespaces=NS)
