"""What public pages call to advertise feeds and structured data (see
``wiredesk.jinja``), so what distribution publishes (feeds, JSON-LD, Open Graph)
can grow without the reader knowing how."""

from __future__ import annotations

from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from jinja2 import pass_context
from jinja2.runtime import Context

from wiredesk.distribution.feeds import feed_links_for
from wiredesk.distribution.meta import article_head
from wiredesk.taxonomy.models import Country, Edition, Sector

# Context names under which a listing page passes the term it lists.
PAGE_TERMS = (("sector", Sector), ("edition", Edition), ("country", Country))


@pass_context
def feed_links(context: Context) -> SafeString:
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


GLOBALS = {
    "feed_links": feed_links,
    # JSON-LD NewsArticle, Open Graph and Twitter card tags of an article.
    "article_meta": article_head,
}
