"""Absolute addresses of the public site, for consumers outside it.

Feeds, sitemaps and structured data are read by machines that never saw the request,
so every link they carry is absolute and built from ``settings.SITE_URL`` (not from the
Host header, which a proxy or an attacker may set to anything).

The reader app owns the public pages. Distribution links to a sector's, edition's or
country's page only when the reader serves one, by trying the URL names below, so the
feeds and sitemaps work before and after those pages exist.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse

from wiredesk.taxonomy.models import Country, Edition, Sector

# (URL name, keyword of the page's key) of each taxonomy page in the reader; the
# first that reverses wins.
PAGE_ROUTES: dict[type[models.Model], tuple[tuple[str, str], ...]] = {
    Sector: (("reader:sector", "slug"),),
    Edition: (("reader:edition", "slug"),),
    Country: (("reader:country", "code"),),
}

# Section pages (listings that are not a taxonomy term), in menu order.
SECTION_ROUTES: tuple[tuple[str, dict[str, str]], ...] = (
    ("reader:home", {}),
    ("reader:latest", {}),
    ("reader:section", {"kind": "opinion"}),
    ("reader:section", {"kind": "blog"}),
    ("reader:section", {"kind": "interview"}),
    ("reader:briefs", {}),
)


def absolute(path: str) -> str:
    """``path`` (from ``reverse`` or a storage URL) as an address on SITE_URL."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def site_host() -> str:
    """The host name of SITE_URL (for tag URIs and the sitemaps' domain)."""
    return urlsplit(settings.SITE_URL).netloc


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"


def try_reverse(name: str, **kwargs: str) -> str | None:
    """The path of URL ``name``, or None while the reader has no such page."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _page_key(obj: models.Model, keyword: str) -> str:
    if isinstance(obj, Country):
        return obj.code.lower()
    return str(obj.pk)


def page_path(obj: models.Model) -> str | None:
    """The reader's page of a sector, edition or country, or None if it has none."""
    for name, keyword in PAGE_ROUTES.get(type(obj), ()):
        path = try_reverse(name, **{keyword: _page_key(obj, keyword)})
        if path:
            return path
    return None


def section_paths() -> list[str]:
    """The section pages the reader serves (home, latest, opinion, ...)."""
    return [
        path for name, kwargs in SECTION_ROUTES if (path := try_reverse(name, **kwargs))
    ]


def article_url(article: models.Model) -> str:
    return absolute(article.get_absolute_url())
