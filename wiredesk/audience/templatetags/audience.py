"""Template tags through which every public page shows the audience features.

The reader's templates call these tags and nothing else of this app, so the audience
features can change without touching the reader. Until a feature exists, its tag says
so honestly instead of showing a dead form.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("audience/newsletter_box.html", takes_context=True)
def newsletter_box(context) -> dict:
    """The newsletter sign-up box shown on every page."""
    return {"request": context.get("request")}


@register.inclusion_tag("audience/feedback_link.html", takes_context=True)
def feedback_link(context) -> dict:
    """The 'Give Feedback' link, carrying the page it was clicked on."""
    request = context.get("request")
    return {"page": request.get_full_path() if request else ""}


@register.inclusion_tag("audience/trending.html")
def trending_list(edition=None, limit: int = 10) -> dict:
    """The numbered TRENDING list (global, or for ``edition``) with region labels."""
    return {"items": [], "edition": edition}


@register.inclusion_tag("audience/beacon.html")
def pageview_beacon(article) -> dict:
    """The page-view beacon of an article page (works on fully cached pages)."""
    return {"article": article}
