"""The sitemap index, robots.txt and the page that lists the feeds.

Django's own index view builds its addresses from the request's Host header; this
one lists the same sections and pages from SITE_URL, like every other sitemap.
"""

from __future__ import annotations

from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from wiredesk.distribution import links
from wiredesk.distribution.feeds import FORMATS, feed_links_for, feed_path
from wiredesk.distribution.sitemaps import SITEMAPS
from wiredesk.taxonomy.models import Country, Edition, Sector


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


@require_safe
def feed_index(request: HttpRequest) -> HttpResponse:
    """The feeds a reader can follow, for people: the footer's "RSS" link opens this
    page rather than a feed's raw XML (browsers no longer dress feeds up with XSLT).

    Lists the latest news, each edition and each sector, each in every format,
    with absolute addresses to copy into a feed reader; the countries' feeds (two
    hundred of them) are told by one example address.
    """
    formats = [label for _, _, label in FORMATS.values()]

    def feeds(obj, name: str) -> dict:
        found = feed_links_for(obj)
        return {
            "name": name,
            "links": [
                (label, links.absolute(f.href))
                for label, f in zip(formats, found, strict=True)
            ],
        }

    groups = [
        ("Latest news", [feeds(None, "All the latest news")]),
        ("Editions", [feeds(e, f"{e.name} edition") for e in Edition.objects.all()]),
        ("Sectors", [feeds(s, s.name) for s in Sector.objects.all()]),
    ]
    country = Country.objects.filter(code="GH").first() or Country.objects.first()
    example = (
        (country.name, links.absolute(feed_path("country", "rss", country)))
        if country
        else None
    )
    return render(
        request, "reader/feeds.html", {"groups": groups, "country_example": example}
    )
