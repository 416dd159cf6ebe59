"""Template tags through which public pages advertise feeds and structured data.

The reader's templates call only these tags, so what distribution publishes (feeds,
JSON-LD, Open Graph) can grow without the reader knowing how.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from wiredesk.distribution.feeds import feed_links_for
from wiredesk.distribution.meta import article_head
from wiredesk.taxonomy.models import Country, Edition, Sector

register = template.Library()

# Context names under which a listing page passes the term it lists.
PAGE_TERMS = (("sector", Sector), ("edition", Edition), ("country", Country))


@register.simple_tag(takes_context=True)
def feed_links(context) -> SafeString:
    """<link rel="alternate"> for the site's latest feeds and the shown term's feeds.

    A sector, edition or country page that puts the object in its context as
    ``sector``, ``edition`` or ``country`` also advertises that term's feeds.
    """
    feeds = feed_links_for(None)
    for name, model in PAGE_TERMS:
        obj = context.get(name)
        if isinstance(obj, model):
            feeds += feed_links_for(obj)
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        ((f.mime_type, f.title, f.href) for f in feeds),
    )


@register.simple_tag(takes_context=True)
def article_meta(context, article) -> SafeString:
    """JSON-LD NewsArticle, Open Graph and Twitter card tags of ``article``."""
    return article_head(article)
