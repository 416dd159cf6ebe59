"""Structured data of an article page, read back by extruct as a search engine would.

``{% article_meta article %}`` writes a JSON-LD NewsArticle, Open Graph and Twitter
card tags. These tests render the tag in a minimal page (the contract the reader's
article template relies on); tests/test_distribution_pages.py reads the real page.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import extruct
import lxml.html
import pytest
from django.template import engines

from tests import test_distribution_links as shared
from tests.test_distribution_links import SITE_URL, make_article
from wiredesk.distribution.meta import dateline_place

newsroom = shared.newsroom  # the fixture

# Fields a NewsArticle needs for search engines' article results, as the issue lists.
REQUIRED = (
    "headline",
    "datePublished",
    "dateModified",
    "author",
    "publisher",
    "mainEntityOfPage",
    "description",
)


def head_of(article) -> str:
    """A page whose head is what the public templates' ``article_meta()`` gives."""
    template = engines["jinja2"].from_string(
        "<!doctype html><html><head>{{ article_meta(article) }}</head>"
        "<body><p>x</p></body></html>"
    )
    return template.render({"article": article})


def news_article(html: str) -> dict:
    found = extruct.extract(html, base_url=SITE_URL, syntaxes=["json-ld"])["json-ld"]
    types = ("NewsArticle", "OpinionNewsArticle", "BlogPosting")
    articles = [d for d in found if d.get("@type") in types]
    assert len(articles) == 1, found
    return articles[0]


def meta_tags(html: str) -> dict[str, str]:
    doc = lxml.html.fromstring(html)
    return {
        m.get("property") or m.get("name"): m.get("content")
        for m in doc.xpath("//head/meta")
    }


def test_news_article_has_the_required_fields(newsroom):
    """extruct reads one NewsArticle with headline, dates, author, publisher,
    description, the page as main entity, the dateline's place and the image."""
    article = newsroom.news
    data = news_article(head_of(article))
    assert all(data.get(field) for field in REQUIRED), data
    url = SITE_URL + article.get_absolute_url()
    assert data["headline"] == article.headline
    assert data["description"] == article.standfirst
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert datetime.fromisoformat(data["datePublished"]) == article.first_published_at
    assert datetime.fromisoformat(data["dateModified"]) == article.updated_at
    assert data["author"] == [
        {"@type": "Organization", "name": "wiredesk News Desk", "url": SITE_URL}
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Example News"
    assert data["contentLocation"] == {
        "@type": "Place",
        "name": "NAIROBI",
        "address": {"@type": "PostalAddress", "addressCountry": "KE"},
    }
    assert data["image"] == ["https://images.example.org/clinic.jpg"]
    assert data["articleSection"] == "Health"


def test_headline_cannot_break_out_of_the_script(newsroom):
    """A headline holding </script> and <!-- stays inside the JSON-LD: the page has
    one script element and the headline reads back unchanged."""
    html = head_of(newsroom.news)
    assert html.count("</script>") == 1
    assert "<!--" not in html
    assert news_article(html)["headline"].endswith("</script><!-- after floods")
    doc = lxml.html.fromstring(html)
    assert len(doc.xpath("//script")) == 1
    assert meta_tags(html)["og:title"] == newsroom.news.headline


def test_opinion_pieces_name_their_writer_as_a_person(newsroom):
    """Opinion, blog and interview pieces credit the Author as a Person."""
    data = news_article(head_of(newsroom.opinion))
    assert [a["@type"] for a in data["author"]] == ["Person"]
    assert data["author"][0]["name"] == "Amina Odhiambo"
    assert data["publisher"]["name"] == "Example News"
    assert "image" not in data  # no lead image: none is invented


def test_open_graph_and_twitter_card_tags(newsroom):
    """Shared links show the headline, standfirst, image and canonical address."""
    article = newsroom.news
    html = head_of(article)
    tags = meta_tags(html)
    url = SITE_URL + article.get_absolute_url()
    assert tags["og:type"] == "article"
    assert tags["og:title"] == article.headline
    assert tags["og:description"] == article.standfirst
    assert tags["og:url"] == url
    assert tags["og:image"] == article.lead_image_url
    assert tags["og:site_name"] == "Example News"
    assert datetime.fromisoformat(tags["article:published_time"]) == (
        article.first_published_at
    )
    assert tags["article:section"] == "Health"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:title"] == article.headline
    assert tags["twitter:image"] == article.lead_image_url
    og = extruct.extract(html, base_url=SITE_URL, syntaxes=["opengraph"])["opengraph"]
    assert ("og:type", "article") in og[0]["properties"]


def test_article_without_image_or_dateline(newsroom):
    """No image gives a plain summary card; no dateline gives no contentLocation."""
    plain = make_article("Council meets", published_ago=timedelta(minutes=5))
    html = head_of(plain)
    data = news_article(html)
    assert "contentLocation" not in data and "image" not in data
    tags = meta_tags(html)
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags


def test_uploaded_lead_image_is_an_absolute_address(newsroom):
    """A lead image uploaded to the site is given on SITE_URL."""
    article = newsroom.opinion
    article.lead_image.name = "lead/power.jpg"
    data = news_article(head_of(article))
    assert len(data["image"]) == 1
    assert data["image"][0].startswith(SITE_URL + "/")
    assert data["image"][0].endswith("lead/power.jpg")


@pytest.mark.parametrize(
    ("dateline", "place"),
    [
        ("WASHINGTON, Feb 26 (Reuters) -", "WASHINGTON"),
        ("Accra", "Accra"),
        ("GENEVA, March 3", "GENEVA"),
        ("NEW DELHI (AP)", "NEW DELHI"),
    ],
)
def test_dateline_place_drops_date_and_agency(dateline, place):
    """The dateline's place is the contentLocation, without date or agency."""
    assert dateline_place(dateline) == place
