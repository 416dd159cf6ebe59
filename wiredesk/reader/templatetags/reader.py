"""Tags every public page uses: the header menus and the page's language."""

from __future__ import annotations

from django import template
from django.conf import settings

from wiredesk.reader import menus

register = template.Library()


@register.simple_tag
def site_menus() -> menus.Menus:
    """Sectors, editions, footer pages (one copy per process, see menus.py)."""
    return menus.snapshot.get()


@register.simple_tag
def site_language() -> str:
    return settings.SITE_LANGUAGE


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """This page's address with ``page`` set to ``number``, other parameters kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
