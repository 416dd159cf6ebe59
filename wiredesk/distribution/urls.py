"""Feeds, sitemaps and robots.txt, all at the site's root."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from wiredesk.distribution import views
from wiredesk.distribution.feeds import FORMATS, SCOPES, ArticleFeed
from wiredesk.distribution.sitemaps import SITEMAPS, NewsSitemap


def _feed_routes() -> list:
    routes = []
    for scope in SCOPES:
        for fmt in FORMATS:
            route = (
                f"feeds/{scope}.{fmt}"
                if scope == "latest"
                else f"feeds/{scope}/<slug:key>.{fmt}"
            )
            routes.append(path(route, ArticleFeed(scope, fmt), name=f"{scope}-{fmt}"))
    return routes


app_name = "distribution"
urlpatterns = [
    *_feed_routes(),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    # Before the generic route: the index links /sitemap-news.xml, served here with
    # the news: elements.
    path(
        "sitemap-news.xml",
        sitemap,
        {
            "sitemaps": {"news": NewsSitemap},
            "section": "news",
            "template_name": "distribution/news_sitemap.xml",
        },
        name="sitemap-news",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
