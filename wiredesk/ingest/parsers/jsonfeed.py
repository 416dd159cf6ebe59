"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)."""

from __future__ import annotations

import json
from datetime import datetime

from wiredesk.ingest.parsers.base import Head, ParserSpec
from wiredesk.ingest.parsers.feed import headline_from, parse_date
from wiredesk.ingest.wire import MediaRef, ParsedFeed, ParsedItem, ParseError

VERSION_PREFIXES = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")


def _version(document: object) -> str:
    """The JSON Feed version URL of a parsed document, or ""."""
    if isinstance(document, dict):
        version = document.get("version")
        if isinstance(version, str) and version.startswith(VERSION_PREFIXES):
            return version
    return ""


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _when(value: object) -> datetime | None:
    # RFC 3339 by the spec; parse_date also takes the RFC 822 some feeds write.
    # A time without a zone (against the spec) is read as UTC.
    return parse_date(value) if isinstance(value, str) else None


def _names(holder: dict) -> list[str]:
    """Author names: 1.1's "authors" list, else 1.0's single "author" object."""
    people = holder.get("authors")
    if not isinstance(people, list) or not people:
        people = [holder.get("author")]
    return [
        _str(p.get("name")) for p in people if isinstance(p, dict) and p.get("name")
    ]


def _media(item: dict) -> list[MediaRef]:
    refs: list[MediaRef] = []
    seen: set[str] = set()
    for key in ("image", "banner_image"):
        url = _str(item.get(key))
        if url and url not in seen:
            seen.add(url)
            refs.append(MediaRef(url=url))
    for attachment in item.get("attachments") or []:
        if not isinstance(attachment, dict):
            continue
        url = _str(attachment.get("url"))
        is_image = _str(attachment.get("mime_type")).startswith("image/")
        if url and is_image and url not in seen:
            seen.add(url)
            refs.append(MediaRef(url=url, caption=_str(attachment.get("title"))))
    return refs


def parse(data: bytes) -> ParsedFeed:
    """A JSON Feed document as a ParsedFeed; items with no id are skipped."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"not a JSON Feed: invalid JSON ({exc})") from exc
    if not _version(document):
        raise ParseError(
            "not a JSON Feed: no version https://jsonfeed.org/version/1 or /1.1"
        )
    items = document.get("items")
    if not isinstance(items, list):
        raise ParseError("not a JSON Feed: no items list")
    result = ParsedFeed(format="jsonfeed", title=_str(document.get("title")))
    feed_authors = _names(document)
    feed_language = _str(document.get("language"))
    for index, item in enumerate(items):
        label = f"item {index + 1}"
        if not isinstance(item, dict):
            result.skipped.append((label, "not a JSON object"))
            continue
        # The spec makes id required and unique; without it an item cannot be
        # told from its own later versions, so it is not guessed from the url.
        guid = item.get("id")
        guid = str(guid).strip() if isinstance(guid, str | int) else ""
        if not guid:
            result.skipped.append((label, "no id"))
            continue
        body_html = _str(item.get("content_html"))
        body_text = "" if body_html else _str(item.get("content_text"))
        summary = _str(item.get("summary"))
        title = _str(item.get("title"))
        if not (title or body_html or body_text or summary):
            result.skipped.append((guid, "no title or text"))
            continue
        published = _when(item.get("date_published"))
        updated = _when(item.get("date_modified"))
        tags = item.get("tags")
        result.items.append(
            ParsedItem(
                guid=guid,
                headline=title or headline_from(summary or body_html or body_text),
                body_html=body_html,
                body_text=body_text,
                summary=summary,
                url=_str(item.get("url")) or _str(item.get("external_url")),
                # Items without authors have the feed's (JSON Feed 1.1).
                byline=", ".join(_names(item) or feed_authors),
                language=_str(item.get("language")) or feed_language,
                first_created=published or updated,
                published=published or updated,
                updated=updated or published,
                keywords=[_str(t) for t in tags if _str(t)]
                if isinstance(tags, list)
                else [],
                media=_media(item),
            )
        )
    return result


def sniff(head: Head) -> int:
    return 90 if _version(head.json) else 0


PARSERS = [ParserSpec("jsonfeed", parse, sniff, "JSON Feed 1.0 and 1.1")]
