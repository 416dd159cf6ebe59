"""Full text for teaser-only feed items, from the linked page (trafilatura)."""

from __future__ import annotations

import logging

from django.conf import settings

from wiredesk.ingest.fetchers.guard import FetchRefused
from wiredesk.ingest.fetchers.http import FetchError, FetchRequest, fetch
from wiredesk.ingest.models import Source, WireItem
from wiredesk.ingest.sanitise import clean_html, html_to_text
from wiredesk.ingest.wire import ParsedItem

log = logging.getLogger(__name__)
TEASER_WORDS = 80  # shorter bodies are teasers: the page has the story


def teaser_text(item: ParsedItem) -> str:
    return item.body_text or html_to_text(clean_html(item.body_html))


def is_teaser(item: ParsedItem) -> bool:
    return len(teaser_text(item).split()) < TEASER_WORDS


def extract(html: bytes | str, url: str = "") -> str:
    """The article text of a web page as plain paragraphs, or "" when none is found."""
    import trafilatura

    text = trafilatura.extract(
        html, url=url or None, include_comments=False, include_tables=False
    )
    return text or ""


def complete_teasers(source: Source, items: list[ParsedItem]) -> None:
    """Fill the body of new teaser items from their pages; failures keep the teaser.

    Only items not stored yet are fetched, so a feed polled every few minutes does
    not fetch the same pages again.
    """
    candidates = [i for i in items if i.url and is_teaser(i)]
    if not candidates:
        return
    known = set(
        WireItem.objects.filter(
            source=source, guid__in=[i.guid for i in candidates]
        ).values_list("guid", flat=True)
    )
    for item in candidates:
        if item.guid in known:
            continue
        try:
            page = fetch(
                FetchRequest(
                    url=item.url,
                    allow_private=source.allow_private or settings.FETCH_ALLOW_PRIVATE,
                    timeout=settings.FETCH_TIMEOUT,
                    max_bytes=settings.FETCH_MAX_BYTES,
                )
            )
        except (FetchError, FetchRefused) as exc:
            log.info("%s: no full text for %s: %s", source.slug, item.url, exc)
            continue
        text = extract(page.body, page.url)
        teaser = teaser_text(item)
        if len(text.split()) > len(teaser.split()):
            item.summary = item.summary or teaser
            item.body_html = ""
            item.body_text = text
