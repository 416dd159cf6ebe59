"""What the public pages' Jinja2 templates call (see ``wiredesk.jinja``): the header
menus, links, times as readers see them, and ``{% shared %}`` for the parts every
page repeats."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.text import Truncator
from jinja2 import nodes, pass_context
from jinja2.ext import Extension
from jinja2.runtime import Context
from markupsafe import Markup

from wiredesk import paths
from wiredesk.reader import cache, menus
from wiredesk.taxonomy import zones


class SharedExtension(Extension):
    """``{% shared "name", vary… %}…{% endshared %}``: a part that is the same on
    every page (for the same ``vary`` values and script prefix), rendered once per
    page-cache generation in this process (see ``cache.fragments``). Nothing
    inside may depend on the request or on who is asking."""

    tags = {"shared"}

    def parse(self, parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        parts = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            parts.append(parser.parse_expression())
        body = parser.parse_statements(("name:endshared",), drop_needle=True)
        context = nodes.ContextReference()
        call = self.call_method("_render", [context, nodes.List(parts)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    @staticmethod
    def _render(context: Context, parts: list, caller) -> Markup:
        cache.request_generation(context.get("request"))
        # The links inside depend on the script prefix and URLconf too.
        key = (*_scope(context), *(str(part) for part in parts))
        html = cache.fragments.get(key)
        if html is None:
            html = Markup(caller())
            cache.fragments.put(key, html)
        return html


def page_url(request, number: int) -> str:
    """This page's address with ``page`` set to ``number``, other parameters kept."""
    query = request.GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


def truncatewords(value: object, count: int) -> str:
    """Django's ``truncatewords``: at most ``count`` words, then " …"."""
    return Truncator(value).words(int(count), truncate=" …")


def _scope(context: Context) -> tuple[str, str | None]:
    """``paths.scope()`` of the page's request, read once per page."""
    request = context.get("request")
    within = getattr(request, "link_scope", None)
    if within is None:
        within = paths.scope()
        if request is not None:
            request.link_scope = within
    return within


@pass_context
def link(context: Context, viewname: str, *args: object) -> str:
    """``url()`` remembered per process (``paths.remembered_reverse``), with the
    request's script prefix and URLconf read once per page, not once per link."""
    return paths.remembered_reverse(viewname, *args, within=_scope(context))


def site_language() -> str:
    return settings.SITE_LANGUAGE


def site_menus() -> menus.Menus:
    """Sectors, editions, footer pages (one copy per process, see menus.py)."""
    return menus.snapshot.get()


def site_time(value: datetime | None) -> str:
    """'05-02-2026 06:25 IST' for an aware UTC datetime, in SITE_TIME_ZONE with
    the zone's readable abbreviation (``zones.label``: "ICT", not "+07").

    Every page uses this one zone, edition homes too, so a story shows the same
    time on each page that lists it as on its own page."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(settings.SITE_TIME_ZONE))
    return zones.written(local)


def isotime(value: datetime | None) -> str:
    return value.isoformat() if value else ""


EXTENSIONS = [SharedExtension]
GLOBALS = {
    "link": link,
    "page_url": page_url,
    "site_language": site_language,
    "site_menus": site_menus,
}
FILTERS = {"sitetime": site_time, "isotime": isotime, "truncatewords": truncatewords}
