"""Outgoing feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the published articles.

One Feed class (Django's syndication framework) serves every combination of a
*scope* (the latest articles, or those of one sector, edition or country) and a
*format* (feedformats.py), so all of them carry the same entries with the same ids.
Links are absolute on SITE_URL (links.py), never on the request's Host header.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape

from wiredesk.desk.models import Article, link_table
from wiredesk.distribution import dates, links
from wiredesk.distribution.feedformats import AtomFeed, JsonFeed, RssFeed
from wiredesk.taxonomy.models import Country, Edition, Sector

FEED_ITEMS = 50

# (format, generator, MIME type for <link rel="alternate">, label)
FORMATS: dict[str, tuple[type, str, str]] = {
    "rss": (RssFeed, "application/rss+xml", "RSS"),
    "atom": (AtomFeed, "application/atom+xml", "Atom"),
    "json": (JsonFeed, "application/feed+json", "JSON Feed"),
}

# Opinion, blog and interview pieces are signed by a named writer; news by the desk.
SIGNED_KINDS = frozenset(
    {Article.Kind.OPINION, Article.Kind.BLOG, Article.Kind.INTERVIEW}
)


@dataclass(frozen=True)
class Scope:
    """A set of articles with a feed of its own: all of them, or one term's.

    A term's articles are those whose ``primary`` foreign key is the term, or whose
    ``secondary`` many-to-many field holds it (a secondary sector, a country the
    story mentions).
    """

    name: str
    model: type[models.Model] | None = None
    url_key: str = "pk"
    primary: str | None = None
    secondary: str | None = None

    def get(self, key: str | None) -> models.Model | None:
        if self.model is None:
            return None
        key = (key or "").upper() if self.model is Country else key
        return get_object_or_404(self.model, **{self.url_key: key})

    def filter(self, queryset, obj: models.Model | None):
        """``queryset`` narrowed to the term ``obj`` (None: all), for reading a
        feed's latest items (``ArticleQuerySet.about`` chooses the plan by them).
        The global edition's feed is the whole site's, as its page is."""
        if obj is None or getattr(obj, "whole_site", False):
            return queryset
        return queryset.about(self.primary, self.secondary, obj.pk, FEED_ITEMS)

    def latest_updates(self) -> dict[Any, datetime]:
        """Term primary key → the last modification (``dates.modified``) of its
        published articles.

        Two grouped queries (primary and secondary), whatever the number of terms.
        """
        published = Article.objects.published().order_by()
        rows = list(
            published.values(f"{self.primary}_id")
            .annotate(last=models.Max(dates.modified_expression()))
            .values_list(f"{self.primary}_id", "last")
        )
        if self.secondary:
            through, article, term = link_table(self.secondary)
            rows += (
                through.objects.filter(**{f"{article}__in": published.values("pk")})
                .values(term)
                .annotate(last=models.Max(dates.modified_expression("article__")))
                .values_list(term, "last")
                .order_by()
            )
        latest: dict[Any, datetime] = {}
        for pk, when in rows:
            if pk is not None and (pk not in latest or when > latest[pk]):
                latest[pk] = when
        return latest


SCOPES: dict[str, Scope] = {
    "latest": Scope("latest"),
    "sector": Scope("sector", Sector, "slug", "sector", "secondary_sectors"),
    "edition": Scope("edition", Edition, "slug", "edition", "editions"),
    "country": Scope("country", Country, "code", "country", "countries"),
}
SCOPE_OF_MODEL = {scope.model: scope for scope in SCOPES.values() if scope.model}


def scope_key(obj: models.Model) -> str:
    """The URL key of a term's feeds: a slug, or a lower-case country code."""
    return obj.code.lower() if isinstance(obj, Country) else str(obj.pk)


def feed_path(scope: str, fmt: str, obj: models.Model | None = None) -> str:
    """The path of one feed, e.g. ``feed_path("sector", "atom", health)``."""
    kwargs = {"key": scope_key(obj)} if obj is not None else None
    return reverse(f"distribution:{scope}-{fmt}", kwargs=kwargs)


@dataclass(frozen=True)
class FeedLink:
    title: str
    href: str
    mime_type: str


def feed_links_for(obj: models.Model | None = None) -> list[FeedLink]:
    """The feeds of the latest articles, or of one sector, edition or country."""
    scope = SCOPE_OF_MODEL[type(obj)].name if obj is not None else "latest"
    subject = str(obj) if obj is not None else "latest news"
    return [
        FeedLink(
            f"{settings.SITE_NAME}: {subject} ({label})",
            feed_path(scope, fmt, obj),
            mime,
        )
        for fmt, (_, mime, label) in FORMATS.items()
    ]


def author_of(article: Article) -> tuple[str, str | None, bool]:
    """(name, page address or None, whether a person) of who signs ``article``."""
    if article.kind in SIGNED_KINDS and article.author_id:
        path = links.try_reverse("reader:author", slug=article.author.slug)
        return article.author.name, path and links.absolute(path), True
    return article.shown_byline, settings.SITE_URL, False


def image_url(article: Article) -> str | None:
    """The lead image's absolute address, from the upload or the kept-elsewhere URL."""
    if article.lead_image:
        return links.absolute(article.lead_image.url)
    return article.lead_image_url or None


# Lead image types by extension: the formats uploads may have (desk/uploads.py).
# An address without one of these (an agency's image URL) is taken as JPEG, by far
# the most common type of news photographs; a feed reader only needs "image/".
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
FALLBACK_IMAGE_TYPE = "image/jpeg"


def image_enclosure(article: Article) -> Enclosure | None:
    """The lead image as an RSS ``<enclosure>`` / Atom ``link rel="enclosure"``.

    RSS requires a length in bytes: an upload's is read from storage; for an image
    kept elsewhere it is unknown without fetching it, and 0 is what the RSS Advisory
    Board recommends then. The type is judged by the file's extension (uploads are
    checked to be JPEG, PNG, GIF or WebP by their bytes and their name)."""
    url = image_url(article)
    if not url:
        return None
    length = 0
    if article.lead_image:
        try:
            length = article.lead_image.size
        except OSError:  # the file went missing: the address is still the right one
            length = 0
    extension = posixpath.splitext(urlsplit(url).path)[1].lower()
    kind = IMAGE_TYPES.get(extension, FALLBACK_IMAGE_TYPE)
    return Enclosure(url, str(length), kind)


def content_html(article: Article) -> str:
    """The full text as the article page ends it: the body, then the credit line
    of an agency story (the agencies' copy is republished with credit)."""
    credit = article.credit_line
    if not credit:
        return article.body_html
    return f'{article.body_html}\n<p class="credit">{escape(credit)}</p>'


def article_guid(article: Article) -> str:
    """A tag URI (RFC 4151) that survives headline and slug changes."""
    return f"tag:{links.site_host()},{article.created_at:%Y-%m-%d}:article:{article.pk}"


class ArticleFeed(Feed):
    """Published articles of one scope in one format (see module docstring)."""

    def __init__(self, scope: str, fmt: str) -> None:
        self.scope = SCOPES[scope]
        self.fmt = fmt
        self.feed_type = FORMATS[fmt][0]

    def __call__(self, request: HttpRequest, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @property
    def language(self) -> str:
        return settings.SITE_LANGUAGE

    def get_object(self, request: HttpRequest, key: str | None = None):
        return self.scope.get(key)

    def title(self, obj) -> str:
        subject = str(obj) if obj is not None else "latest news"
        return f"{settings.SITE_NAME}: {subject}"

    def subtitle(self, obj) -> str:
        return self.description(obj)

    def description(self, obj) -> str:
        about = f" about {obj}" if obj is not None else ""
        return f"The latest stories{about} published by the {settings.DESK_NAME}."

    def link(self, obj) -> str:
        path = links.page_path(obj) if obj is not None else None
        return links.absolute(path or reverse("reader:home"))

    def feed_url(self, obj) -> str:
        return links.absolute(feed_path(self.scope.name, self.fmt, obj))

    def feed_guid(self, obj) -> str:
        return self.feed_url(obj)

    def author_name(self) -> str:
        return settings.DESK_NAME

    def author_link(self) -> str:
        return settings.SITE_URL

    def items(self, obj):
        articles = self.scope.filter(Article.objects.published(), obj)
        return (
            articles.latest_first()
            .select_related("author", "sector", "country")
            .prefetch_related("secondary_sectors", "countries")[:FEED_ITEMS]
        )

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        """The standfirst as HTML: RSS descriptions and Atom ``type="html"``."""
        return escape(item.standfirst)

    def item_link(self, item: Article) -> str:
        return links.article_url(item)

    def item_guid(self, item: Article) -> str:
        return article_guid(item)

    def item_guid_is_permalink(self, item: Article) -> bool:
        return False

    def item_pubdate(self, item: Article):
        return dates.published(item)

    def item_updateddate(self, item: Article):
        return dates.modified(item)

    def item_author_name(self, item: Article) -> str:
        return author_of(item)[0]

    def item_author_link(self, item: Article) -> str | None:
        return author_of(item)[1]

    def item_categories(self, item: Article) -> list[str]:
        sectors = [item.sector] if item.sector_id else []
        sectors += [s for s in item.secondary_sectors.all() if s.pk != item.sector_id]
        countries = [item.country] if item.country_id else []
        countries += [c for c in item.countries.all() if c.pk != item.country_id]
        return [s.name for s in sectors] + [c.name for c in countries]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        enclosure = image_enclosure(item)
        return [enclosure] if enclosure else []

    def item_extra_kwargs(self, item: Article) -> dict[str, str | None]:
        return {
            "content": content_html(item),
            "summary_text": item.standfirst,
            "image": image_url(item),
            "contributors": list(item.agencies or ()),
        }
