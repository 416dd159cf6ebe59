"""Sitemaps, the Google News sitemap and robots.txt, read as a crawler reads them.

The index and every sitemap it lists validate against the sitemaps.org schemas in
../shared/schemas (the News sitemap's base structure on a copy without its news:
elements, as that folder's README says; the news: elements are checked here).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import lxml.etree
import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from tests import test_distribution_links as shared
from tests.conftest import SHARED
from tests.test_distribution_links import SITE_URL
from wiredesk.desk.models import Article, Page
from wiredesk.distribution.sitemaps import ArticleSitemap

newsroom = shared.newsroom  # the fixture
SCHEMAS = SHARED / "schemas"
SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SM, "news": NEWS}


def _page(request, **kwargs) -> HttpResponse:
    return HttpResponse("a reader page")


# A site with a stand-in for every kind of reader page distribution links to, so
# these tests depend on the reader's URL names only, not on its views or templates.
_STAND_INS = [
    path("", _page, name="home"),
    path("latest/", _page, name="latest"),
    path("briefs/", _page, name="briefs"),
    path("news/<int:pk>/<str:slug>/", _page, name="article"),
    path("sector/<slug:slug>/", _page, name="sector"),
    path("edition/<slug:slug>/", _page, name="edition"),
    path("country/<slug:code>/", _page, name="country"),
    path("section/<slug:kind>/", _page, name="section"),
    path("page/<slug:slug>/", _page, name="page"),
]
urlpatterns = [
    path("", include("wiredesk.distribution.urls")),
    path("", include((_STAND_INS, "reader"))),
]


@pytest.fixture
def full_reader(settings):
    """Serve this module's urlconf: distribution and the stand-in reader pages."""
    settings.ROOT_URLCONF = __name__


@pytest.fixture(scope="module")
def schemas() -> dict[str, lxml.etree.XMLSchema]:
    found = {}
    for name in ("sitemap", "siteindex"):
        file = SCHEMAS / f"{name}.xsd"
        if not file.is_file():
            pytest.skip(
                f"sitemaps.org schema not found at {file} (set WIREDESK_SHARED)"
            )
        found[name] = lxml.etree.XMLSchema(lxml.etree.parse(str(file)))
    return found


def get_xml(client, url: str) -> lxml.etree._Element:
    """The document at a path or an absolute SITE_URL address (test client)."""
    assert url.startswith((SITE_URL + "/", "/")), url
    response = client.get(url.removeprefix(SITE_URL))
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return lxml.etree.fromstring(response.content)


def without_news(doc: lxml.etree._Element) -> lxml.etree._Element:
    """A copy without news: elements, for the base sitemap schema (see README)."""
    copy = lxml.etree.fromstring(lxml.etree.tostring(doc))
    for element in copy.xpath("//news:news", namespaces=NS):
        element.getparent().remove(element)
    return copy


def assert_valid(schema: lxml.etree.XMLSchema, doc, where: str) -> None:
    assert schema.validate(doc), f"{where}: {schema.error_log}"


def locations(doc) -> list[str]:
    return doc.xpath("//sm:loc/text()", namespaces=NS)


def crawl(client, schemas) -> dict[str, lxml.etree._Element]:
    """Every sitemap the index lists (all pages), each validated; address → doc."""
    index = get_xml(client, reverse("distribution:sitemap-index"))
    assert_valid(schemas["siteindex"], index, "sitemap index")
    found = {}
    for url in locations(index):
        doc = get_xml(client, url)
        assert_valid(schemas["sitemap"], without_news(doc), url)
        found[url] = doc
    return found


def test_index_and_every_sitemap_validate(client, newsroom, schemas, full_reader):
    """The index and each sitemap it lists are valid sitemaps.org documents, and
    every location is an absolute address on SITE_URL."""
    maps = crawl(client, schemas)
    sections = {url.removeprefix(SITE_URL) for url in maps}
    assert sections == {
        f"/sitemap-{s}.xml"
        for s in (
            "news",
            "articles",
            "sections",
            "sectors",
            "editions",
            "countries",
            "pages",
        )
    }
    for url, doc in maps.items():
        assert locations(doc), url
        assert all(loc.startswith(SITE_URL + "/") for loc in locations(doc)), url


def test_every_listed_page_answers(client, newsroom, schemas, full_reader):
    """A crawler following the sitemaps never meets a missing page."""
    for url, doc in crawl(client, schemas).items():
        for loc in locations(doc):
            response = client.get(loc.removeprefix(SITE_URL))
            assert response.status_code == 200, f"{url} lists {loc}"


def test_article_sitemap_lists_exactly_the_published_articles(
    client, newsroom, schemas
):
    """Drafts, unpublished and expired articles are absent; each entry's lastmod
    is the article's update time."""
    doc = get_xml(client, reverse("distribution:sitemap-section", args=["articles"]))
    assert_valid(schemas["sitemap"], doc, "articles")
    assert set(locations(doc)) == {
        SITE_URL + a.get_absolute_url() for a in newsroom.published
    }
    lastmod = doc.xpath(
        "//sm:url[sm:loc=$loc]/sm:lastmod/text()",
        namespaces=NS,
        loc=SITE_URL + newsroom.news.get_absolute_url(),
    )
    assert lastmod == [newsroom.news.updated_at.date().isoformat()]


def test_article_sitemap_is_paginated_in_the_index(
    client, newsroom, schemas, monkeypatch
):
    """With more articles than one page holds, the index lists ?p=2 and so on,
    and the pages together list every published article once."""
    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    maps = crawl(client, schemas)
    pages = [u for u in maps if "/sitemap-articles.xml" in u]
    assert pages == [
        f"{SITE_URL}/sitemap-articles.xml",
        f"{SITE_URL}/sitemap-articles.xml?p=2",
    ]
    listed = [loc for u in pages for loc in locations(maps[u])]
    assert sorted(listed) == sorted(
        SITE_URL + a.get_absolute_url() for a in newsroom.published
    )
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404


def test_news_sitemap_has_the_last_48_hours_with_news_elements(
    client, newsroom, schemas
):
    """Only articles first published in the last 48 hours, each with publication
    name and language, publication date and title, as Google News reads them."""
    doc = get_xml(client, reverse("distribution:sitemap-section", args=["news"]))
    assert_valid(schemas["sitemap"], without_news(doc), "news sitemap")
    recent = [newsroom.elsewhere, newsroom.news, newsroom.opinion]  # newest first
    assert locations(doc) == [SITE_URL + a.get_absolute_url() for a in recent]
    for url, article in zip(doc.findall("sm:url", NS), recent, strict=True):
        news = url.find("news:news", NS)
        assert news.findtext("news:publication/news:name", namespaces=NS) == (
            "Example News"
        )
        assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
        assert news.findtext("news:title", namespaces=NS) == article.headline
        published = datetime.fromisoformat(
            news.findtext("news:publication_date", namespaces=NS)
        )
        assert published == article.first_published_at
    assert [child.tag.split("}")[1] for child in news] == [
        "publication",
        "publication_date",
        "title",
    ]


def test_news_sitemap_drops_an_article_when_it_is_unpublished(client, newsroom):
    """A retracted article leaves the News sitemap at once."""
    newsroom.news.status = Article.Status.UNPUBLISHED
    newsroom.news.live = False
    newsroom.news.save()
    doc = get_xml(client, "/sitemap-news.xml")
    assert SITE_URL + newsroom.news.get_absolute_url() not in locations(doc)


def test_term_sitemaps_list_reader_pages_with_their_latest_article(
    client, newsroom, full_reader
):
    """Sectors and editions are listed; countries only when they have published
    articles; each lastmod is the term's latest published update."""
    sectors = get_xml(client, "/sitemap-sectors.xml")
    health = SITE_URL + reverse("reader:sector", args=["health"])
    assert health in locations(sectors)
    lastmod = sectors.xpath(
        "//sm:url[sm:loc=$loc]/sm:lastmod/text()", namespaces=NS, loc=health
    )
    latest = max(a.updated_at for a in (newsroom.news, newsroom.opinion, newsroom.old))
    assert lastmod == [latest.date().isoformat()]
    gender = SITE_URL + reverse("reader:sector", args=["gender"])  # secondary only
    lastmod = sectors.xpath(
        "//sm:url[sm:loc=$loc]/sm:lastmod/text()", namespaces=NS, loc=gender
    )
    assert lastmod == [newsroom.news.updated_at.date().isoformat()]
    countries = set(locations(get_xml(client, "/sitemap-countries.xml")))
    assert countries == {
        SITE_URL + reverse("reader:country", args=[c]) for c in ("ke", "ug", "fr")
    }
    sections = locations(get_xml(client, "/sitemap-sections.xml"))
    assert sections[:1] == [f"{SITE_URL}/"]
    assert SITE_URL + reverse("reader:section", args=["opinion"]) in sections


def test_footer_pages_are_listed_when_the_reader_serves_them(
    client, db, settings, full_reader
):
    """Each footer page (about, contact, terms, privacy, ...) is in the pages
    sitemap; a page staff add appears there too."""
    settings.SITE_URL = SITE_URL
    Page.objects.create(slug="corrections", title="Corrections")
    doc = get_xml(client, "/sitemap-pages.xml")
    assert set(locations(doc)) == {
        SITE_URL + page.get_absolute_url() for page in Page.objects.all()
    }
    assert SITE_URL + reverse("reader:page", args=["corrections"]) in locations(doc)


def test_sitemaps_use_site_url_whatever_the_host(client, newsroom, settings):
    """A request through another host name still gets SITE_URL addresses."""
    settings.ALLOWED_HOSTS = ["internal.test"]
    for url in ("/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml"):
        response = client.get(url, HTTP_HOST="internal.test")
        assert b"internal.test" not in response.content, url


def test_robots_txt_names_the_sitemap_index(client, settings):
    """robots.txt is plain text naming the absolute sitemap index address and
    keeping crawlers out of the desk."""
    settings.SITE_URL = SITE_URL
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines
    assert "Disallow: /desk/" in lines
    assert lines[0] == "User-agent: *"


def test_sitemap_queries_do_not_grow_with_the_number_of_articles(
    client, newsroom, full_reader
):
    """The index, the article, news and term sitemaps run as many queries with 4
    published articles as with 14."""
    paths = [
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/sitemap-sectors.xml",
        "/sitemap-countries.xml",
    ]

    def queries() -> list[int]:
        counts = []
        for url in paths:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    before = queries()
    for n in range(10):
        shared.make_article(
            f"More news {n}",
            published_ago=timedelta(minutes=n + 1),
            sector=newsroom.health,
            countries=[newsroom.kenya],
        )
    assert queries() == before
