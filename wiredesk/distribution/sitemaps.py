"""Sitemaps (Django's sitemaps framework) and the Google News sitemap.

Every location is absolute on SITE_URL: ``SiteSitemap`` takes the scheme and host
from the setting instead of the request. Sector, edition, country, section and footer
pages are listed only when the reader serves them (links.py), so a sitemap never
names a page that answers 404.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db import models
from django.utils import timezone

from wiredesk.desk.models import Article, Page
from wiredesk.distribution import dates, links
from wiredesk.distribution.feeds import SCOPES

# Google News reads articles of the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class SiteSitemap(Sitemap):
    """A sitemap whose locations are on SITE_URL, not on the request's host."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return links.site_scheme()

    def get_domain(self, site=None) -> str:
        return links.site_host()


class ArticleSitemap(SiteSitemap):
    """Every published article, oldest first, so that old pages of it stay stable."""

    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .order_by("pk")
            .only("pk", "slug", *dates.DATE_FIELDS)
        )

    def location(self, item: Article) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Article) -> datetime:
        """``dates.modified``: never before the article's publication."""
        return dates.modified(item)

    def get_latest_lastmod(self) -> datetime | None:
        return dates.latest_modified(self.items())


class TermSitemap(SiteSitemap):
    """The reader's pages of one taxonomy: sectors, editions or countries."""

    scope: str
    only_with_articles = False

    @cached_property
    def _latest(self) -> dict[Any, datetime]:
        return SCOPES[self.scope].latest_updates()

    def items(self) -> list[models.Model]:
        rows = SCOPES[self.scope].model.objects.all()
        if self.only_with_articles:
            rows = rows.filter(pk__in=list(self._latest))
        return [row for row in rows if links.page_path(row)]

    def location(self, item: models.Model) -> str:
        return links.page_path(item) or ""

    def lastmod(self, item: models.Model) -> datetime | None:
        return self._latest.get(item.pk)

    def get_latest_lastmod(self) -> datetime | None:
        return max(self._latest.values(), default=None)


class SectorSitemap(TermSitemap):
    scope = "sector"


class EditionSitemap(TermSitemap):
    scope = "edition"

    def lastmod(self, item: models.Model) -> datetime | None:
        """The global edition's page lists the whole site: its last change is the
        site's (``Edition.whole_site``)."""
        if item.whole_site:
            return dates.latest_modified()
        return super().lastmod(item)


class CountrySitemap(TermSitemap):
    """Countries with published articles only: an empty country page is thin."""

    scope, only_with_articles = "country", True


class SectionSitemap(SiteSitemap):
    """Home, latest, opinion, blog, interview and briefs, as the reader serves them."""

    def items(self) -> list[str]:
        return links.section_paths()

    def location(self, item: str) -> str:
        return item

    def lastmod(self, item: str) -> datetime | None:
        if not hasattr(self, "_last"):
            self._last = dates.latest_modified()
        return self._last


class PageSitemap(SiteSitemap):
    """Footer pages (about, contact, terms, privacy) that staff edit."""

    def items(self):
        pages = Page.objects.order_by("slug")
        first = pages.first()
        if first is None or not links.try_reverse("reader:page", slug=first.slug):
            return Page.objects.none()
        return pages

    def location(self, item: Page) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Page) -> datetime:
        return item.updated_at


class NewsSitemap(ArticleSitemap):
    """Google News: articles first published in the last 48 hours, newest first.

    Each entry carries the ``news:`` elements Google requires (publication name and
    language, publication date, title); the template writes them from ``news``.
    """

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(first_published_at__gte=since)
            .order_by("-first_published_at", "-pk")
            .only("pk", "slug", "headline", *dates.DATE_FIELDS)
        )

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["news"] = {
                "name": settings.SITE_NAME,
                "language": settings.SITE_LANGUAGE,
                "publication_date": dates.published(url["item"]),
                "title": url["item"].headline,
            }
        return urls


# Sections of the sitemap index, in the order it lists them.
SITEMAPS: dict[str, type[Sitemap]] = {
    "news": NewsSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "sectors": SectorSitemap,
    "editions": EditionSitemap,
    "countries": CountrySitemap,
    "pages": PageSitemap,
}
