"""RSS 0.9x/1.0/2.0 and Atom 1.0 through feedparser."""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime

import feedparser

from wiredesk.ingest.parsers.base import Head, ParserSpec
from wiredesk.ingest.wire import MediaRef, ParsedFeed, ParsedItem, ParseError

ATOM_NS = "http://www.w3.org/2005/Atom"

_SLASH_DATE = re.compile(
    r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)


def _parse_slash_date(value: str) -> time.struct_time | None:
    """Dates like "2020/1/10 14:33:00", read as UTC when they name no zone.

    feedparser's ISO 8601 handler reads the year of such dates and guesses the rest
    (every one becomes 1 November 2020: kurtmckee/feedparser#75), so this runs first.
    """
    match = _SLASH_DATE.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups())
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC).utctimetuple()


feedparser.registerDateHandler(_parse_slash_date)


def _when(struct: time.struct_time | None) -> datetime | None:
    # feedparser normalises every date it understands to a UTC struct_time.
    if not struct:
        return None
    return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)


def _body(entry: feedparser.FeedParserDict) -> str:
    for content in entry.get("content") or []:
        if content.get("value"):
            return content["value"]
    return entry.get("summary", "")


def _media(entry: feedparser.FeedParserDict) -> list[MediaRef]:
    refs = []
    for media in entry.get("media_content") or []:
        if media.get("url") and media.get("medium", "image") == "image":
            refs.append(MediaRef(url=media["url"]))
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/"):
            refs.append(MediaRef(url=link["href"]))
    return refs


def parse(data: bytes) -> ParsedFeed:
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise ParseError(f"not a readable RSS or Atom feed: {parsed.bozo_exception}")
    version = parsed.get("version") or ""
    result = ParsedFeed(
        format="atom" if version.startswith("atom") else "rss",
        title=parsed.feed.get("title", ""),
    )
    for index, entry in enumerate(parsed.entries):
        # Some feeds give no guid; the link, then the title, are the next most stable
        # keys (a feed that reuses one guid for every item is caught by the hash).
        guid = entry.get("id") or entry.get("link") or entry.get("title")
        title = entry.get("title", "")
        if not guid or not (title or _body(entry)):
            result.skipped.append((f"entry {index + 1}", "no id, link, title or text"))
            continue
        summary = entry.get("summary", "")
        body = _body(entry)
        published = _when(entry.get("published_parsed"))
        updated = _when(entry.get("updated_parsed")) or published
        result.items.append(
            ParsedItem(
                guid=guid,
                headline=title,
                body_html=body,
                summary=summary if summary != body else "",
                url=entry.get("link", ""),
                byline=entry.get("author", ""),
                language=entry.get("language", "") or parsed.feed.get("language", ""),
                first_created=_when(entry.get("created_parsed")) or published,
                published=published or updated,
                updated=updated,
                keywords=[t["term"] for t in entry.get("tags") or [] if t.get("term")],
                media=_media(entry),
            )
        )
    return result


def sniff_rss(head: Head) -> int:
    return 90 if head.xml_root in {"rss", "RDF"} else 0


def sniff_atom(head: Head) -> int:
    if head.xml_root == "feed" and head.xml_namespace in {ATOM_NS, ""}:
        return 90
    return 0


PARSERS = [
    ParserSpec("rss", parse, sniff_rss, "RSS 0.9x, 1.0 (RDF) and 2.0"),
    ParserSpec("atom", parse, sniff_atom, "Atom 1.0"),
]
