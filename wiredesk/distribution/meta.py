"""Structured data of an article page: JSON-LD NewsArticle, Open Graph, Twitter card.

Search engines read the JSON-LD (schema.org NewsArticle); social sites read the Open
Graph and Twitter tags when a link is shared. All addresses are absolute on SITE_URL.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from wiredesk.desk.models import Article
from wiredesk.distribution import links
from wiredesk.distribution.feeds import author_of, image_url

# The same escapes as Django's json_script: a "</script>" or "<!--" inside a headline
# cannot end the script element, whatever the text says.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# "WASHINGTON, Feb 26 (Reuters) -" → "WASHINGTON": the place, without date or agency.
_DATELINE_TAIL = re.compile(
    r"(?:,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d{1,2}\b"
    r"|\s*\([^)]*\)|[\s,:–—-])*$",
    re.IGNORECASE,
)


def dateline_place(dateline: str) -> str:
    return _DATELINE_TAIL.sub("", dateline.strip())


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def news_article(article: Article) -> dict[str, Any]:
    """The schema.org NewsArticle of ``article``, as a JSON-LD object."""
    url = links.article_url(article)
    name, author_url, person = author_of(article)
    author = {"@type": "Person" if person else "Organization", "name": name}
    if author_url:
        author["url"] = author_url
    published = article.first_published_at or article.created_at
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": _iso(published),
        "dateModified": _iso(max(article.updated_at, published)),
        "author": [author],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL,
        },
        "inLanguage": settings.SITE_LANGUAGE,
    }
    if image := image_url(article):
        data["image"] = [image]
    if place := dateline_place(article.dateline):
        data["contentLocation"] = {"@type": "Place", "name": place}
        if article.country_id:
            data["contentLocation"]["address"] = {
                "@type": "PostalAddress",
                "addressCountry": article.country_id,
            }
    if article.sector_id:
        data["articleSection"] = article.sector.name
    return data


def json_ld(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # escaped just above
    )


def social_tags(article: Article) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of the Open Graph and Twitter card meta tags."""
    image = image_url(article)
    published = article.first_published_at or article.created_at
    _, author_url, person = author_of(article)
    og = [
        ("og:type", "article"),
        ("og:site_name", settings.SITE_NAME),
        ("og:title", article.headline),
        ("og:description", article.standfirst),
        ("og:url", links.article_url(article)),
        ("og:locale", settings.SITE_LANGUAGE.replace("-", "_")),
        ("article:published_time", _iso(published)),
        ("article:modified_time", _iso(max(article.updated_at, published))),
    ]
    if image:
        og.append(("og:image", image))
        if article.lead_image_caption:
            og.append(("og:image:alt", article.lead_image_caption))
    if person and author_url:
        og.append(("article:author", author_url))
    if article.sector_id:
        og.append(("article:section", article.sector.name))
    twitter = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", article.headline),
        ("twitter:description", article.standfirst),
    ]
    if image:
        twitter.append(("twitter:image", image))
    return [("property", k, v) for k, v in og if v] + [
        ("name", k, v) for k, v in twitter if v
    ]


def article_head(article: Article) -> SafeString:
    """Everything ``{% article_meta article %}`` puts in the article page's head."""
    tags = format_html_join("\n", '<meta {}="{}" content="{}">', social_tags(article))
    return format_html("{}\n{}", json_ld(news_article(article)), tags)
