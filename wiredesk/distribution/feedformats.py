"""The three feed formats, as generators for Django's syndication framework.

Django's RSS and Atom generators write a summary but no full text; these add the
article body (RSS ``content:encoded``, Atom ``content``), and JSON Feed 1.1 is one more
generator over the same items, so every format shows the same articles with the same
ids from one Feed class (feeds.py).

Items carry extra keys set by ``ArticleFeed.item_extra_kwargs``: ``content`` (the
sanitised body HTML, ending with an agency story's credit line), ``summary_text`` (the
standfirst as plain text, for JSON Feed, whose ``summary`` is text where RSS and Atom
summaries are HTML), ``image``, and ``contributors`` (the agencies whose copy the story
is written from: Atom ``<contributor>``, RSS ``dc:contributor``; JSON Feed has no
field for them and carries the credit line in ``content_html`` only).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import feedgenerator

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


class RssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the full text in ``content:encoded`` (the RSS content module)
    and the agencies as ``dc:contributor`` (Dublin Core)."""

    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
        }

    def add_item_elements(self, handler, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])
        for name in item.get("contributors") or ():
            handler.addQuickElement("dc:contributor", name)


class AtomFeed(feedgenerator.Atom1Feed):
    """Atom 1.0 (RFC 4287) with the full text as ``<content type="html">`` and the
    agencies as ``<contributor>``."""

    def add_item_elements(self, handler, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
        for name in item.get("contributors") or ():
            handler.startElement("contributor", {})
            handler.addQuickElement("name", name)
            handler.endElement("contributor")


def _date(value) -> str | None:
    return feedgenerator.rfc3339_date(value) if value else None


def _person(name: str | None, url: str | None) -> list[dict[str, str]] | None:
    if not name:
        return None
    return [{"name": name, **({"url": url} if url else {})}]


def _compact(mapping: dict[str, Any]) -> dict[str, Any]:
    """JSON Feed omits unknown values rather than writing null."""
    return {k: v for k, v in mapping.items() if v not in (None, "", [], ())}


class JsonFeed(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def document(self) -> dict[str, Any]:
        feed = self.feed
        return _compact(
            {
                "version": JSON_FEED_VERSION,
                "title": feed["title"],
                "home_page_url": feed["link"],
                "feed_url": feed["feed_url"],
                "description": feed["description"],
                "language": feed["language"],
                "authors": _person(feed["author_name"], feed["author_link"]),
            }
        ) | {"items": [self.item(item) for item in self.items]}

    @staticmethod
    def item(item: dict[str, Any]) -> dict[str, Any]:
        return _compact(
            {
                "id": item["unique_id"] or item["link"],
                "url": item["link"],
                "title": item["title"],
                "content_html": item.get("content") or item["description"] or "",
                "summary": item.get("summary_text"),
                "image": item.get("image"),
                "date_published": _date(item["pubdate"]),
                "date_modified": _date(item["updateddate"]),
                "authors": _person(item["author_name"], item["author_link"]),
                "tags": list(item["categories"]),
            }
        )

    def write(self, outfile, encoding: str) -> None:
        outfile.write(json.dumps(self.document(), ensure_ascii=False).encode(encoding))
