"""Outgoing feeds through Django's syndication framework."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse

from wiredesk.desk.models import Article


class LatestRss(Feed):
    description_template = None

    def title(self) -> str:
        return f"{settings.SITE_NAME}: latest news"

    def link(self) -> str:
        return reverse("reader:home")

    def description(self) -> str:
        return f"The latest stories published by the {settings.DESK_NAME}."

    def items(self):
        return Article.objects.published().latest_first()[:50]

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.standfirst

    def item_pubdate(self, item: Article):
        return item.first_published_at or item.created_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.shown_byline
