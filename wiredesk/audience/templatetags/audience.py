"""Template tags through which every public page shows the audience features.

The reader's templates call these tags and nothing else of this app, so the audience
features can change without touching the reader. Pages are fully cached for
anonymous readers, so nothing here may depend on who is asking: the sign-up box gets
its CSRF token from a small uncached request (or posts to a page that renders a
fresh form), and the page-view count is a request of its own made after loading.
"""

from __future__ import annotations

from django import template

from wiredesk.audience import trending
from wiredesk.audience.beacons import beacon_url

register = template.Library()


@register.inclusion_tag("audience/newsletter_box.html", takes_context=True)
def newsletter_box(context) -> dict:
    """The newsletter sign-up box shown on every page."""
    from wiredesk.audience.forms import SubscribeForm

    return {"form": SubscribeForm(auto_id="nl_%s")}


@register.inclusion_tag("audience/feedback_link.html", takes_context=True)
def feedback_link(context) -> dict:
    """The 'Give Feedback' link, carrying the page it was clicked on."""
    request = context.get("request")
    return {"page": request.get_full_path() if request else ""}


@register.inclusion_tag("audience/trending.html")
def trending_list(edition=None, limit: int = 10) -> dict:
    """The numbered TRENDING list (global, or for ``edition``) with region labels.

    Reads the list the recompute job stored a minute ago: one cheap read.
    """
    slug = getattr(edition, "slug", edition) or trending.GLOBAL
    try:
        count = int(limit)
    except (TypeError, ValueError):
        count = 10
    return {"items": trending.trending(str(slug), count), "edition": edition}


@register.inclusion_tag("audience/beacon.html")
def pageview_beacon(article) -> dict:
    """The page-view beacon of an article page (works on fully cached pages)."""
    pk = getattr(article, "pk", None)
    return {"url": beacon_url(pk) if pk else ""}
