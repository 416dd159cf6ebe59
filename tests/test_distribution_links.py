"""Absolute links of distribution, and the newsroom the distribution tests share.

The ``newsroom`` fixture is imported by tests/test_feeds.py, tests/test_sitemaps.py and
tests/test_distribution_meta.py: published articles of several kinds and terms next to
a draft, an unpublished, an expired and an old article that feeds must leave out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from wiredesk.desk.models import Article, Author
from wiredesk.distribution import links
from wiredesk.taxonomy.models import Country, Edition, Sector

SITE_URL = "https://news.example.org"


@dataclass
class Newsroom:
    news: Article
    opinion: Article
    elsewhere: Article
    old: Article
    draft: Article
    unpublished: Article
    expired: Article
    health: Sector
    africa: Edition
    kenya: Country

    @property
    def published(self) -> list[Article]:
        return [self.news, self.opinion, self.elsewhere, self.old]

    @property
    def hidden(self) -> list[Article]:
        return [self.draft, self.unpublished, self.expired]


def make_article(
    headline: str, *, published_ago: timedelta | None, **fields
) -> Article:
    """An article; published ``published_ago`` before now, or left as it is."""
    countries = fields.pop("countries", [])
    secondary = fields.pop("secondary_sectors", [])
    now = timezone.now()
    fields.setdefault("standfirst", f"What happened: {headline}.")
    fields.setdefault("body_html", f"<p>{headline}, in full.</p><p>More.</p>")
    article = Article(headline=headline, **fields)
    if published_ago is not None:
        article.created_at = now - published_ago - timedelta(minutes=30)
        article.publish(when=now - published_ago)
        article.updated_at = now - published_ago + timedelta(minutes=5)
    article.save()
    article.countries.set(countries)
    article.secondary_sectors.set(secondary)
    return article


@pytest.fixture
def newsroom(db, settings) -> Newsroom:
    settings.SITE_URL = SITE_URL
    settings.SITE_NAME = "Example News"
    settings.SITE_LANGUAGE = "en"
    health = Sector.objects.get(slug="health")
    gender = Sector.objects.get(slug="gender")
    energy = Sector.objects.get(slug="energy")
    africa = Edition.objects.get(slug="africa")
    europe = Edition.objects.get(slug="europe")
    kenya, uganda, france = (Country.objects.get(code=c) for c in ("KE", "UG", "FR"))
    writer = Author.objects.create(name="Amina Odhiambo", role="Columnist")
    news = make_article(
        "Clinics in Kisumu & Nairobi reopen </script><!-- after floods",
        published_ago=timedelta(hours=2),
        standfirst='Health workers say "most" clinics are <open> again & busy.',
        body_html="<p>Clinics reopened on <strong>Monday</strong>.</p>",
        dateline="NAIROBI, Feb 5 (Reuters)",
        sector=health,
        secondary_sectors=[gender],
        edition=africa,
        country=kenya,
        countries=[kenya, uganda],
        agencies=["Reuters"],
        lead_image_url="https://images.example.org/clinic.jpg",
        lead_image_caption="A clinic in Kisumu",
    )
    opinion = make_article(
        "Why rural clinics need steady power",
        published_ago=timedelta(hours=5),
        kind=Article.Kind.OPINION,
        author=writer,
        sector=energy,
        secondary_sectors=[health],
        edition=africa,
        country=uganda,
        countries=[uganda],
    )
    elsewhere = make_article(
        "Paris tram line opens",
        published_ago=timedelta(hours=1),
        sector=energy,
        edition=europe,
        country=france,
        countries=[france],
        dateline="PARIS",
    )
    old = make_article(
        "Last week's vaccine drive ends",
        published_ago=timedelta(days=3),
        sector=health,
        edition=africa,
        country=kenya,
        countries=[kenya],
    )
    draft = make_article(
        "Draft about clinics", published_ago=None, sector=health, edition=africa
    )
    unpublished = make_article(
        "Retracted clinic story",
        published_ago=timedelta(hours=3),
        sector=health,
        edition=africa,
        country=kenya,
    )
    unpublished.status = Article.Status.UNPUBLISHED
    unpublished.live = False
    unpublished.save()
    expired = make_article(
        "Expired clinic notice",
        published_ago=timedelta(hours=4),
        sector=health,
        edition=africa,
        country=kenya,
        expire_at=timezone.now() - timedelta(minutes=1),
    )
    return Newsroom(
        news,
        opinion,
        elsewhere,
        old,
        draft,
        unpublished,
        expired,
        health,
        africa,
        kenya,
    )


def test_absolute_links_use_site_url_not_the_request_host(settings):
    """Paths become addresses on SITE_URL; addresses elsewhere are left alone."""
    settings.SITE_URL = SITE_URL
    assert links.absolute("/news/1/x/") == f"{SITE_URL}/news/1/x/"
    assert links.absolute("media/a.jpg") == f"{SITE_URL}/media/a.jpg"
    assert links.absolute("https://cdn.example.net/a.jpg") == (
        "https://cdn.example.net/a.jpg"
    )
    assert links.site_host() == "news.example.org"
    assert links.site_scheme() == "https"


def test_article_url_is_absolute_and_canonical(newsroom):
    """An article's address is SITE_URL plus the reader's slug-and-id path."""
    url = links.article_url(newsroom.news)
    assert url == SITE_URL + newsroom.news.get_absolute_url()
    assert f"/{newsroom.news.pk}/" in url


def test_section_paths_include_the_home_page(db):
    """The home page is always a section page; missing reader pages are skipped."""
    assert "/" in links.section_paths()
