"""Feeds, sitemaps and robots.txt, all at the site's root.

Each is a ``public_page``: the reader's page cache keeps it for anonymous readers
and purges it with every other page when the desk publishes, updates or unpublishes
an article, and nginx or a CDN may hold it for CACHE_SECONDS (reader/cache.py).
"""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from wiredesk.distribution import views
from wiredesk.distribution.feeds import FORMATS, SCOPES, ArticleFeed
from wiredesk.distribution.sitemaps import SITEMAPS, NewsSitemap
from wiredesk.reader.cache import public_page


def _feed_routes() -> list:
    routes = []
    for scope in SCOPES:
        for fmt in FORMATS:
            route = (
                f"feeds/{scope}.{fmt}"
                if scope == "latest"
                else f"feeds/{scope}/<slug:key>.{fmt}"
            )
            routes.append(
                path(route, public_page(ArticleFeed(scope, fmt)), name=f"{scope}-{fmt}")
            )
    return routes


app_name = "distribution"
urlpatterns = [
    *_feed_routes(),
    path("robots.txt", public_page(views.robots_txt), name="robots"),
    path("sitemap.xml", public_page(views.sitemap_index), name="sitemap-index"),
    # Before the generic route: the index links /sitemap-news.xml, served here with
    # the news: elements.
    path(
        "sitemap-news.xml",
        public_page(sitemap),
        {
            "sitemaps": {"news": NewsSitemap},
            "section": "news",
            "template_name": "distribution/news_sitemap.xml",
        },
        name="sitemap-news",
    ),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
