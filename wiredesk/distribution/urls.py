"""Feeds, sitemaps and robots.txt, all at the site's root."""

from django.urls import path

from wiredesk.distribution.feeds import FORMATS, SCOPES, ArticleFeed


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
urlpatterns = [*_feed_routes()]
