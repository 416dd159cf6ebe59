"""RSS 0.9x/1.0 (RDF)/2.0 and Atom 1.0: one lxml pass, feedparser for broken feeds.

Well-formed feeds, nearly all of them, are read straight off the lxml tree in one
walk over each item's children: feedparser's sanitising, relative-URI resolution and
guessing cost about thirty times a parse, and the pipeline sanitises anyway.
Documents libxml2 rejects (malformed XML, a broken declaration or charset) and
Atom 0.3 go to feedparser, which reads nearly anything.
"""

from __future__ import annotations

import calendar
import html
import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import feedparser
from lxml import etree

from wiredesk.ingest import encoding, xmlsafe
from wiredesk.ingest.parsers.base import Head, ParserSpec
from wiredesk.ingest.wire import MediaRef, ParsedFeed, ParsedItem, ParseError

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_03_NS = "http://purl.org/atom/ns#"
_RSS_RDF = (b"http://purl.org/rss/1.0/", b"http://my.netscape.com/rdf/simple/0.9/")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
XHTML_DIV = "{http://www.w3.org/1999/xhtml}div"

# Element tags become short keys: the RSS and Atom core elements lose their
# namespace, the modules keep their usual prefix, anything else is ignored.
_PREFIXES = {
    "": "",
    "http://purl.org/rss/1.0/": "",
    "http://my.netscape.com/rdf/simple/0.9/": "",
    "http://backend.userland.com/rss2": "",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    ATOM_NS: "atom:",
    "http://purl.org/dc/elements/1.1/": "dc:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://purl.org/rss/1.0/modules/content/": "content:",
    "http://search.yahoo.com/mrss/": "media:",
    "http://search.yahoo.com/mrss": "media:",
    "http://feed.wenn.com/xmlns/2010/03/wenn_cm": "wenn_cm:",
    "http://feed.wenn.com/xmlns/2010/03/wenn_nm": "wenn_nm:",
}
_KEYS: dict[object, str] = {}

_SLASH_DATE = re.compile(
    r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_TAGS = re.compile(r"<[^>]*>")
_ABSOLUTE = re.compile(r"[a-zA-Z][\w+.-]*:|#")
_RELATIVE_HREF = re.compile(r"""href\s*=\s*["'](?![a-zA-Z][\w+.-]*:|#)""")
_RELATIVE_SRC = re.compile(r"""src\s*=\s*["'](?![a-zA-Z][\w+.-]*:)""")
_LINK_ATTRIBUTE = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.S)
# WENN's priority words on the 1 (most urgent) … 9 (least) scale, 5 being routine.
_WENN_URGENCY = {"urgent": 1, "high": 3, "med": 5, "medium": 5, "low": 7}


def _key(tag: object) -> str:
    """The short key of an element tag ("title", "dc:creator"), "" for others."""
    key = _KEYS.get(tag)
    if key is None:
        key = ""
        if isinstance(tag, str):  # comments, PIs and entities have callable tags
            namespace, _, local = (
                tag[1:].rpartition("}") if tag[0] == "{" else ("", "", tag)
            )
            prefix = _PREFIXES.get(namespace)
            if prefix is not None:
                key = prefix + local
        if len(_KEYS) > 4096:
            _KEYS.clear()
        _KEYS[tag] = key
    return key


def _text(element: etree._Element) -> str:
    """An element's text; markup inside it (unescaped XHTML in RSS) kept as markup."""
    if not len(element):
        return (element.text or "").strip()
    parts = [element.text or ""]
    parts += [etree.tostring(c, encoding="unicode", with_tail=True) for c in element]
    return "".join(parts).strip()


def _parse_slash_date(value: str) -> datetime | None:
    """Dates like "2020/1/10 14:33:00", read as UTC when they name no zone."""
    match = _SLASH_DATE.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups())
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def _feedparser_slash_date(value: str) -> time.struct_time | None:
    # feedparser's ISO 8601 handler reads the year of slash dates and guesses the
    # rest (every one becomes 1 November 2020: kurtmckee/feedparser#75), so this
    # runs first on the fallback path too.
    parsed = _parse_slash_date(value)
    return parsed.utctimetuple() if parsed else None


feedparser.registerDateHandler(_feedparser_slash_date)


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def parse_date(value: str) -> datetime | None:
    """An RFC 822, ISO 8601 or "YYYY/M/D h:mm:ss" date as an aware UTC datetime.

    Times that name no zone (or "-0000", or a zone abbreviation email.utils does
    not know) are read as UTC. Anything else goes to feedparser's date handlers.
    """
    value = value.strip()
    parsed = None
    if value[:4].isdigit():  # ISO 8601 and the slash form start with the year
        parsed = _parse_slash_date(value) if value[4:5] == "/" else _iso(value)
    if parsed is None and value:
        try:
            parsed = parsedate_to_datetime(value)
        except (ValueError, TypeError, IndexError):
            struct = feedparser.datetimes._parse_date(value)
            if struct is None:
                return None
            return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _person(value: str) -> str:
    """The name of an RSS author "desk@example.com (Jane Doe)", else the value."""
    match = _EMAIL_NAME.match(value)
    return match.group(1).strip() if match else value.strip()


def headline_from(body: str) -> str:
    """A headline for an untitled item (a microblog post): its first words."""
    text = " ".join(html.unescape(_TAGS.sub(" ", body[:2000])).split())
    if len(text) <= 100:
        return text
    cut = text[:100]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…" if " " in cut else cut + "…"


def _absolute(href: str, element: etree._Element) -> str:
    href = href.strip()
    relative = href and "://" not in href and not href.startswith("mailto:")
    if relative and (base := element.base):
        return urljoin(base, href)
    return href


def absolute_links(markup: str, base: str) -> str:
    """``markup`` with relative href/src values resolved against ``base``.

    Feeds write links relative to the item (Daring Fireball sets xml:base for
    this); on another site they would point nowhere. Only the attribute values
    change, and only when the cheap search finds a relative one.
    """
    if not base or "://" not in base:
        return markup
    # Two searches with a literal start cost ~3 µs on a 4 KB body; one search
    # for either attribute costs twenty.
    if not (_RELATIVE_HREF.search(markup) or _RELATIVE_SRC.search(markup)):
        return markup

    def resolve(match: re.Match[str]) -> str:
        value = match.group(3)
        if _ABSOLUTE.match(value):
            return match.group()
        return f"{match.group(1)}{match.group(2)}{urljoin(base, value)}{match.group(2)}"

    return _LINK_ATTRIBUTE.sub(resolve, markup)


def _media(element: etree._Element, refs: list[MediaRef]) -> None:
    """Image media:content (media:group too) with its caption and credit."""
    key = _key(element.tag)
    if key == "media:group":
        for child in element:
            if _key(child.tag) == "media:content":
                _media(child, refs)
        return
    url = element.get("url", "").strip()
    medium = element.get("medium", "")
    kind = element.get("type", "")
    # With neither medium nor type it is taken as an image, as feedparser does.
    is_image = medium == "image" or kind.startswith("image/") or not (medium or kind)
    if not url or not is_image:
        return
    caption = credit = ""
    for child in element:
        child_key = _key(child.tag)
        if child_key in {"media:description", "media:title"} and not caption:
            caption = _text(child)
        elif child_key == "media:credit" and not credit:
            credit = _text(child)
    refs.append(MediaRef(url=url, caption=caption, credit=credit))


def _rss_item(
    item: etree._Element, index: int, language: str, rights: str, result: ParsedFeed
) -> None:
    title = link = guid = description = encoded = author = ""
    published = dc_date = updated = created = lang = item_rights = provider = ""
    permalink = True
    creators: list[str] = []
    keywords: list[str] = []
    media: list[MediaRef] = []
    thumbnail = ""
    for child in item:
        key = _KEYS.get(child.tag)
        if key is None:
            key = _key(child.tag)
        if not key:
            continue
        if key == "title":
            title = _text(child)
        elif key == "link":
            link = link or (child.text or "").strip()
        elif key == "description":
            description = _text(child)
        elif key == "content:encoded":
            encoded = _text(child)
        elif key == "guid":
            guid = (child.text or "").strip()
            permalink = child.get("isPermaLink", "true").lower() != "false"
        elif key == "pubDate":
            published = child.text or ""
        elif key in {"dc:date", "dcterms:issued"}:
            dc_date = dc_date or child.text or ""
        elif key in {"dcterms:modified", "atom:updated"}:
            updated = child.text or ""
        elif key == "dcterms:created":
            created = child.text or ""
        elif key == "dc:creator":
            creators.append(_text(child))
        elif key == "author":
            author = _person(_text(child))
        elif key in {"category", "dc:subject"}:
            if term := _text(child):
                keywords.append(term)
        elif key == "categories":  # a non-standard wrapper (Macworld)
            keywords += [
                t for c in child if _key(c.tag) == "category" and (t := _text(c))
            ]
        elif key in {"media:content", "media:group"}:
            _media(child, media)
        elif key == "media:thumbnail":
            thumbnail = thumbnail or child.get("url", "")
        elif key == "enclosure":
            url = child.get("url", "").strip()
            if url and child.get("type", "").startswith("image/"):
                media.append(MediaRef(url=url))
        elif key == "dc:language":
            lang = (child.text or "").strip()
        elif key in {"dc:rights", "copyright"}:
            item_rights = _text(child)
        elif key == "source":
            provider = _text(child)
    if not guid:
        # Some feeds give no guid; the link, then the title, are the next most stable
        # keys (a feed that reuses one guid for every item is caught by the hash).
        guid = item.get(RDF_ABOUT, "").strip() or link or title
        permalink = False
    body = encoded or description
    if not guid or not (title or body):
        result.skipped.append((f"entry {index + 1}", "no id, link, title or text"))
        return
    if not media and thumbnail.strip():
        media.append(MediaRef(url=thumbnail.strip()))
    when = parse_date(published or dc_date)
    changed = parse_date(updated) or when
    item_out = ParsedItem(
        guid=guid,
        headline=title or headline_from(body),
        summary=description if encoded and description != encoded else "",
        url=link or (guid if permalink and "://" in guid else ""),
        byline=", ".join(c for c in creators if c) or author,
        language=lang or item.get(XML_LANG, "") or language,
        first_created=parse_date(created) or when or changed,
        published=when or changed,
        updated=changed,
        keywords=keywords,
        media=media,
        provider=provider,
        copyright=item_rights or rights,
    )
    _set_body(item_out, body)
    if item_out.body_html:
        item_out.body_html = absolute_links(item_out.body_html, item.base or link)
    result.items.append(item_out)


def _set_body(item: ParsedItem, body: str) -> None:
    """RSS bodies are HTML, but plain text keeps its paragraphs as body_text."""
    if "<" in body or "&" in body:
        item.body_html = body
    else:
        item.body_text = body


def _parse_rss(root: etree._Element) -> ParsedFeed:
    result = ParsedFeed(format="rss")
    channel = next((c for c in root if _key(c.tag) == "channel"), None)
    language = rights = ""
    items = [c for c in root if _key(c.tag) == "item"]  # RSS 0.90/1.0 (RDF)
    if channel is not None:
        for child in channel:
            key = _key(child.tag)
            if key == "title" and not result.title:
                result.title = _text(child)
            elif key in {"language", "dc:language"}:
                language = (child.text or "").strip()
            elif key in {"copyright", "dc:rights"}:
                rights = _text(child)
            elif key == "item":
                items.append(child)
        language = language or channel.get(XML_LANG, "")
    language = language or root.get(XML_LANG, "")
    for index, item in enumerate(items):
        _rss_item(item, index, language, rights, result)
    return result


def _atom_text(element: etree._Element) -> tuple[str, bool]:
    """An Atom text construct as (value, is_markup)."""
    kind = element.get("type", "text")
    if kind == "xhtml":
        div = next((c for c in element if c.tag == XHTML_DIV), None)
        return (xmlsafe.inner_xml(div).strip() if div is not None else ""), True
    if kind == "html" or kind.endswith(("/html", "+xml", "/xml")):
        return _text(element), True
    if kind == "text" or kind.startswith("text/"):
        return _text(element), False
    return "", False  # base64 media or out-of-line content (src=): no text here


def _atom_people(element: etree._Element) -> list[str]:
    names = []
    for child in element:
        if child.tag == f"{{{ATOM_NS}}}author":
            name = next((n for n in child if n.tag == f"{{{ATOM_NS}}}name"), None)
            if name is not None and (text := _text(name)):
                names.append(text)
    return names


def _atom_entry(
    entry: etree._Element,
    index: int,
    feed: dict[str, object],
    result: ParsedFeed,
) -> None:
    guid = title = link = published = updated = summary = rights = provider = ""
    body, body_is_html, base, lang = "", True, "", entry.get(XML_LANG, "")
    keywords: list[str] = []
    media: list[MediaRef] = []
    authors: list[str] = []
    wenn: etree._Element | None = None
    wenn_news: etree._Element | None = None
    for child in entry:
        key = _KEYS.get(child.tag)
        if key is None:
            key = _key(child.tag)
        if key == "atom:id":
            guid = (child.text or "").strip()
        elif key == "atom:title":
            title = _atom_text(child)[0]
            if child.get("type") == "xhtml":
                title = " ".join(_TAGS.sub(" ", title).split())
        elif key == "atom:link":
            rel = child.get("rel", "alternate")
            href = child.get("href", "")
            if rel == "alternate" and not link and href:
                link = _absolute(href, child)
            elif rel == "enclosure" and child.get("type", "").startswith("image/"):
                media.append(MediaRef(url=_absolute(href, child)))
        elif key == "atom:published":
            published = child.text or ""
        elif key == "atom:updated":
            updated = child.text or ""
        elif key == "atom:author":
            name = next((n for n in child if n.tag == f"{{{ATOM_NS}}}name"), None)
            if name is not None and (text := _text(name)):
                authors.append(text)
        elif key == "atom:summary":
            summary, _ = _atom_text(child)
            base = base or child.base or ""
        elif key == "atom:content":
            body, body_is_html = _atom_text(child)
            base = child.base or ""
            lang = lang or child.get(XML_LANG, "")
            if not body and child.get("src"):
                link = link or _absolute(child.get("src", ""), child)
        elif key == "atom:category":
            if term := (child.get("label") or child.get("term") or "").strip():
                keywords.append(term)
        elif key == "atom:rights":
            rights, _ = _atom_text(child)
        elif key == "atom:source":
            found = next((t for t in child if t.tag == f"{{{ATOM_NS}}}title"), None)
            provider = _text(found) if found is not None else ""
            authors = authors or _atom_people(child)
        elif key in {"media:content", "media:group"}:
            _media(child, media)
        elif key == "media:thumbnail" and not media and child.get("url"):
            media.append(MediaRef(url=child.get("url", "").strip()))
        elif key == "wenn_cm:ContentMetadata":
            wenn = child
        elif key == "wenn_nm:NewsManagement":
            wenn_news = child
    if not body and summary:
        body, summary = summary, ""
    if not guid:
        guid = link or title
    if not guid or not (title or body):
        result.skipped.append((f"entry {index + 1}", "no id, link, title or text"))
        return
    changed = parse_date(updated)
    when = parse_date(published)
    item = ParsedItem(
        guid=guid,
        headline=title or headline_from(body),
        summary=summary if summary != body else "",
        url=link,
        # An entry without authors has its feed's (RFC 4287, 4.2.1).
        byline=", ".join(authors or feed["authors"]),  # type: ignore[arg-type]
        language=lang or str(feed["language"]),
        first_created=when or changed,
        published=when or changed,
        updated=changed or when,
        keywords=keywords,
        media=media,
        provider=provider,
        copyright=rights or str(feed["rights"]),
    )
    if body_is_html:
        item.body_html = absolute_links(body, base or link)
    else:
        item.body_text = body
    if wenn is not None or wenn_news is not None:
        _wenn(item, wenn, wenn_news)
    result.items.append(item)


def _wenn(
    item: ParsedItem, meta: etree._Element | None, news: etree._Element | None
) -> None:
    """WENN's Atom extension: the story is in wenn_cm (atom:content is a stub)."""
    item.provider = item.provider or "WENN"
    lead = text = ""
    for child in meta if meta is not None else ():
        key = _key(child.tag)
        if key == "wenn_cm:first_line":
            lead = _text(child)
        elif key == "wenn_cm:body":
            text = (child.text or "").strip()
        elif key == "wenn_cm:slug":
            item.slug = _text(child)
        elif key == "wenn_cm:tags":
            item.keywords += [t.get("value", "") for t in child if t.get("value")]
        elif key == "wenn_cm:regions":
            item.places += [_text(r) for r in child if _text(r)]
    if lead or text:
        item.body_html, item.body_text = "", f"{lead}\n\n{text}".strip()
    if meta is not None and meta.get("lang"):
        item.language = meta.get("lang", "")
    for child in news if news is not None else ():
        key = _key(child.tag)
        if key == "wenn_nm:feedarticle_priority":
            item.urgency = _WENN_URGENCY.get((child.text or "").strip().lower())
        elif key == "wenn_nm:published" and (when := parse_date(child.text or "")):
            item.published = item.first_created = when


def _parse_atom(root: etree._Element) -> ParsedFeed:
    result = ParsedFeed(format="atom")
    feed: dict[str, object] = {
        "language": root.get(XML_LANG, ""),
        "rights": "",
        "authors": _atom_people(root),
    }
    entries = []
    for child in root:
        key = _key(child.tag)
        if key == "atom:entry":
            entries.append(child)
        elif key == "atom:title":
            result.title = _atom_text(child)[0]
        elif key == "atom:rights":
            feed["rights"] = _atom_text(child)[0]
    for index, entry in enumerate(entries):
        _atom_entry(entry, index, feed, result)
    return result


def parse(data: bytes) -> ParsedFeed:
    """RSS or Atom bytes as a ParsedFeed; the root element says which."""
    try:
        root = xmlsafe.parse(encoding.to_libxml2(data), name="feed")
    except ParseError:
        return parse_with_feedparser(data)
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag == f"{{{ATOM_NS}}}feed":
        return _parse_atom(root)
    local = xmlsafe.local(tag)
    if local in {"rss", "RDF"}:
        return _parse_rss(root)
    if local == "feed":  # Atom 0.3 and other pre-standard Atom
        return parse_with_feedparser(data)
    raise ParseError(
        f"not a readable RSS or Atom feed: root element <{local}> is not "
        "<rss>, <rdf:RDF> or <feed>"
    )


# -- the fallback: feedparser ---------------------------------------------------


def _when(struct: time.struct_time | None) -> datetime | None:
    # feedparser normalises every date it understands to a UTC struct_time.
    if not struct:
        return None
    return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)


def _fp_body(entry: feedparser.FeedParserDict) -> str:
    for content in entry.get("content") or []:
        if content.get("value"):
            return content["value"]
    return entry.get("summary", "")


def _fp_media(entry: feedparser.FeedParserDict) -> list[MediaRef]:
    refs = []
    for media in entry.get("media_content") or []:
        if media.get("url") and media.get("medium", "image") == "image":
            refs.append(MediaRef(url=media["url"]))
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/"):
            refs.append(MediaRef(url=link["href"]))
    return refs


def parse_with_feedparser(data: bytes) -> ParsedFeed:
    """The tolerant path, for documents that are not well-formed XML."""
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise ParseError(f"not a readable RSS or Atom feed: {parsed.bozo_exception}")
    version = parsed.get("version") or ""
    result = ParsedFeed(
        format="atom" if version.startswith("atom") else "rss",
        title=parsed.feed.get("title", ""),
    )
    if parsed.bozo and not any(e.get("title") or _fp_body(e) for e in parsed.entries):
        # Broken (e.g. a download cut off) with nothing usable in it: an error
        # the desk should see, not an empty feed.
        raise ParseError(f"not a readable RSS or Atom feed: {parsed.bozo_exception}")
    for index, entry in enumerate(parsed.entries):
        guid = entry.get("id") or entry.get("link") or entry.get("title")
        title = entry.get("title", "")
        body = _fp_body(entry)
        if not guid or not (title or body):
            result.skipped.append((f"entry {index + 1}", "no id, link, title or text"))
            continue
        summary = entry.get("summary", "")
        published = _when(entry.get("published_parsed"))
        updated = _when(entry.get("updated_parsed")) or published
        result.items.append(
            ParsedItem(
                guid=guid,
                headline=title or headline_from(body),
                body_html=body,
                summary=summary if summary != body else "",
                url=entry.get("link", ""),
                byline=entry.get("author", ""),
                language=entry.get("language", "") or parsed.feed.get("language", ""),
                first_created=_when(entry.get("created_parsed")) or published,
                published=published or updated,
                updated=updated,
                keywords=[t["term"] for t in entry.get("tags") or [] if t.get("term")],
                media=_fp_media(entry),
                copyright=entry.get("rights", "") or parsed.feed.get("rights", ""),
            )
        )
    return result


def sniff_rss(head: Head) -> int:
    if head.xml_root == "rss":
        return 90
    # rdf:RDF is the root of any RDF document; RSS 1.0/0.90 declare their own.
    if head.xml_root == "RDF" and any(ns in head.stripped for ns in _RSS_RDF):
        return 90
    return 0


def sniff_atom(head: Head) -> int:
    if head.xml_root == "feed" and head.xml_namespace in {ATOM_NS, ATOM_03_NS, ""}:
        return 90
    return 0


PARSERS = [
    ParserSpec("rss", parse, sniff_rss, "RSS 0.9x, 1.0 (RDF) and 2.0"),
    ParserSpec("atom", parse, sniff_atom, "Atom 1.0"),
]
