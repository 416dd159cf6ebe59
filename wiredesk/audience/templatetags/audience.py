"""Template tags through which every public page shows the audience features.

The reader's templates call these tags and nothing else of this app, so the audience
features can change without touching the reader. Pages are fully cached for
anonymous readers, so nothing here may depend on who is asking: the sign-up box gets
its CSRF token from a small uncached request (or posts to a page that renders a
fresh form), and the page-view count is a request of its own made after loading.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wiredesk.audience import trending
from wiredesk.audience.beacons import beacon_url
from wiredesk.paths import remembered_reverse

register = template.Library()


@register.inclusion_tag("audience/newsletter_box.html", takes_context=True)
def newsletter_box(context) -> dict:
    """The newsletter sign-up box shown on every page."""
    from wiredesk.audience.forms import SubscribeForm

    return {"form": SubscribeForm(auto_id="nl_%s")}


@lru_cache(maxsize=8)
def _static(path: str) -> str:
    return static(path)


@lru_cache(maxsize=4096)
def _beacon_url(prefix: str, urlconf: str | None, pk: int) -> str:
    """The beacon address of article ``pk``, signed and reversed once per article
    and process: readers ask for the same articles again and again."""
    return beacon_url(pk)


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """Tests may change the URL map, static storage or secret key."""
    _static.cache_clear()
    _beacon_url.cache_clear()


@register.simple_tag(takes_context=True)
def feedback_link(context) -> SafeString:
    """The 'Give Feedback' link, carrying the page it was clicked on.

    Built here rather than from a template (the same HTML as
    ``audience/feedback_link.html``): it is on every page, and rendering a template
    for one link cost more than the rest of the footer.
    """
    request = context.get("request")
    page = request.get_full_path() if request else ""
    href = remembered_reverse("audience:feedback")
    if page:
        href = f"{href}?page={escape(quote(page))}"
    return mark_safe(
        f'<a class="feedback-link" href="{escape(href)}">Give Feedback</a>\n'
    )


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


@register.simple_tag
def pageview_beacon(article) -> SafeString:
    """The page-view beacon of an article page (works on fully cached pages).

    The same HTML as ``audience/beacon.html``, built here for the same reason as
    ``feedback_link``.
    """
    pk = getattr(article, "pk", None)
    if not pk:
        return mark_safe("\n")
    url = escape(_beacon_url(get_script_prefix(), get_urlconf(), pk))
    script = escape(_static("audience/beacon.js"))
    return mark_safe(
        f'<script src="{script}" data-beacon="{url}" defer></script>\n'
        f'<noscript><img src="{url}" alt="" width="1" height="1" '
        f'class="beacon-pixel"></noscript>\n'
    )
