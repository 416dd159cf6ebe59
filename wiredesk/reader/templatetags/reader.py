"""Tags every public page uses: the header menus, the page's language, and
``{% shared %}`` for the parts every page repeats."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from wiredesk.paths import remembered_reverse
from wiredesk.reader import cache, menus

register = template.Library()


class SharedNode(template.Node):
    # Not searched for {% block %}s: a shared part has none (it is the same on every
    # page), and {% extends %} searched base.html's menus again on every render.
    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList, parts: list) -> None:
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context: template.Context) -> str:
        cache.request_generation(context.get("request"))
        key = tuple(str(part.resolve(context)) for part in self.parts)
        html = cache.fragments.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.fragments.put(key, html)
        return html


@register.tag
def shared(parser: template.base.Parser, token: template.base.Token) -> SharedNode:
    """``{% shared "name" [vary …] %}…{% endshared %}``: a part that is the same on
    every page (for the same ``vary`` values), rendered once per page-cache
    generation in this process (see ``cache.fragments``). Nothing inside may
    depend on the request or on who is asking."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% shared %} needs a name")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, [parser.compile_filter(bit) for bit in bits])


@register.simple_tag
def site_menus() -> menus.Menus:
    """Sectors, editions, footer pages (one copy per process, see menus.py)."""
    return menus.snapshot.get()


@register.simple_tag
def link(viewname: str, *args: object) -> str:
    """``{% url %}`` remembered per process: the URL map never changes while it
    runs, and reversing cost a fifth of an article page's rendering."""
    return remembered_reverse(viewname, *args)


@register.simple_tag
def site_language() -> str:
    return settings.SITE_LANGUAGE


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """This page's address with ``page`` set to ``number``, other parameters kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag
def share_items(share_links: list[tuple[str, str]]) -> SafeString:
    """The ``<li>`` of each (network, link) of an article's share links: the same
    HTML as a ``{% for %}`` loop over them, for a fraction of its CPU."""
    return mark_safe(
        "".join(
            f'<li><a href="{conditional_escape(link)}" rel="noopener noreferrer">'
            f"{conditional_escape(network)}</a></li>"
            for network, link in share_links
        )
    )
