"""The sitemap index and robots.txt, with addresses on SITE_URL.

Django's own index view builds its addresses from the request's Host header; this
one lists the same sections and pages from SITE_URL, like every other sitemap.
"""

from __future__ import annotations

from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from wiredesk.distribution import links
from wiredesk.distribution.sitemaps import SITEMAPS


@require_safe
@x_robots_tag
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Every section of the sitemap, and each further page of a paginated one."""
    entries: list[SitemapIndexItem] = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        if not sitemap.paginator.count:
            continue  # an urlset without <url> is invalid: list none
        url = links.absolute(
            reverse("distribution:sitemap-section", kwargs={"section": section})
        )
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(url, lastmod))
        entries += [
            SitemapIndexItem(f"{url}?p={p}", lastmod)
            for p in range(2, sitemap.paginator.num_pages + 1)
        ]
    dates = [e.last_mod for e in entries if e.last_mod]
    headers = {"Last-Modified": http_date(max(dates).timestamp())} if dates else None
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site, not the desk; names the sitemap index."""
    sitemap = links.absolute(reverse("distribution:sitemap-index"))
    lines = [
        "User-agent: *",
        "Disallow: /desk/",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
