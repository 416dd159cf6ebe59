"""IPTC ninjs (News in JSON) 1.x, 2.x and 3.x, and Superdesk's ninjs flavour.

The versions name the same things differently: 1.x has ``headline``, ``body_html`` /
``body_text``, ``byline``, ``subject``, ``place`` and keyed ``associations`` and
``renditions``; 2.x has ``headlines`` / ``bodies`` / ``descriptions`` lists with a role
and ``contenttype``, ``by``, ``subjects`` and ``places``; 3.x is 2.x in camelCase
(``versionCreated``, ``pubStatus``, ``embargoedUntil``, ``contentType``). Keys are
therefore read case-insensitively. Superdesk publishes 1.x-style items keyed by
``guid`` instead of ``uri``, sometimes wrapped in ``{"total": .., "item": [...]}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from lxml import etree

from wiredesk.ingest import xmlsafe
from wiredesk.ingest.parsers.base import Head, ParserSpec
from wiredesk.ingest.wire import MediaRef, ParsedFeed, ParsedItem, ParseError, Signal

NEWS_TYPES = {
    "text", "audio", "video", "picture", "graphic", "composite", "component",
    "event", "planning",
}  # fmt: skip
NON_TEXT = {"audio", "video", "picture", "graphic", "event", "planning"}
IMAGE_TYPES = {"picture", "graphic"}
KILLED = {"withheld", "canceled", "cancelled"}
# Keys that only a ninjs item has next to its ``uri`` (lower-cased, any version).
ITEM_KEYS = {
    "headline", "headlines", "bodies", "body_html", "body_text", "body_xhtml",
    "versioncreated", "firstcreated", "contentcreated", "pubstatus", "byline", "by",
    "located", "subject", "subjects", "associations", "renditions", "descriptions",
    "description_text", "eventdetails", "plannedcoverage", "standard", "$standard",
    "representationtype", "altids", "copyrightnotice", "slugline", "embargoed",
    "embargoeduntil",
}  # fmt: skip
# Superdesk's items carry a ``guid`` and no ``uri``; these keys make them ninjs.
SUPERDESK_KEYS = {
    "versioncreated", "firstcreated", "pubstatus", "headline", "body_html",
    "body_text", "byline", "slugline", "urgency", "type", "associations",
}  # fmt: skip
SUMMARY_ROLES = ("lead", "summary", "abstract", "teaser", "standfirst", "intro")
_FULL_DOCUMENT = re.compile(r"<body\b[^>]*>(.*?)</body\s*>", re.S | re.I)
_IPTC_CODE = re.compile(
    r"^https?://cv\.iptc\.org/newscodes/(mediatopic|subjectcode)/([\w-]+)/?$"
)


def _keys(value: object) -> dict:
    """A dict with lower-cased keys (3.x is camelCase, 1.x and 2.x lower case)."""
    if not isinstance(value, dict):
        return {}
    return {str(k).lower(): v for k, v in value.items()}


def _str(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def _dicts(value: object) -> list[dict]:
    """List members (2.x/3.x) or keyed members (1.x) as lower-cased dicts."""
    if isinstance(value, dict):
        value = [{"name": k, **v} for k, v in value.items() if isinstance(v, dict)]
    if not isinstance(value, list):
        return []
    return [_keys(v) for v in value if isinstance(v, dict)]


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time in UTC; a time without a zone is read as UTC.

    Superdesk writes "+0000" and some producers omit the zone altogether; ninjs
    requires RFC 3339, so UTC is the only sensible reading of a naive time.
    """
    text = _str(value)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def decode(data: bytes, name: str) -> object:
    """The JSON document in ``data``.

    JSON must be UTF-8 (or UTF-16/32 with a BOM, which ``json`` detects); a few
    producers still write Windows-1252, so undecodable bytes are read that way
    rather than losing the item.
    """
    try:
        text: str | bytes = data
        try:
            return json.loads(text)
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            return json.loads(text)
    except (ValueError, RecursionError) as exc:
        # RecursionError: nesting thousands deep, a hostile rather than a news document.
        raise ParseError(f"{name}: not valid JSON: {exc}") from exc


def _by_role(entries: list[dict], roles: Iterable[str]) -> list[dict]:
    wanted = tuple(roles)
    return [e for e in entries if _str(e.get("role")).lower() in wanted]


def _plain_first(entries: list[dict]) -> str:
    """The value of the first plain-text entry, else of the first entry at all."""
    for entry in entries:
        if "html" not in _str(entry.get("contenttype")).lower() and _str(
            entry.get("value")
        ):
            return _str(entry["value"])
    return next((_str(e.get("value")) for e in entries if _str(e.get("value"))), "")


def _headline(item: dict) -> str:
    if _str(item.get("headline")):
        return _str(item["headline"])
    headlines = _dicts(item.get("headlines"))
    return _plain_first(_by_role(headlines, ("main",)) or headlines)


def _summary(item: dict) -> str:
    """The lead or summary; descriptions with other roles (writer, caption) are not."""
    for key in ("description_text", "description_summary"):
        if _str(item.get(key)):
            return _str(item[key])
    descriptions = _dicts(item.get("descriptions"))
    return _plain_first(
        _by_role(descriptions, SUMMARY_ROLES)
        or _by_role(descriptions, ("", "text", "main", "description"))
    ) or _str(item.get("description_html"))


def _body_kind(content_type: str, role: str, value: str) -> str:
    """ "html", "text", "nitf" or "" (a vocabulary we don't read, e.g. TT's TTNITF)."""
    content_type, role = content_type.lower(), role.lower()
    if "nitf" in content_type or role == "nitf":
        return "nitf"
    if "html" in content_type:
        return "html"
    if content_type == "text/plain":
        return "text"
    if content_type:
        return ""
    if "html" in role or role == "richtext":
        return "html"
    return "html" if value.lstrip().startswith("<") else "text"


def _bodies(item: dict) -> Iterator[tuple[str, str]]:
    """(kind, value) of every body, 1.x ``body_*`` keys and 2.x/3.x ``bodies``."""
    for key, value in item.items():
        if key.startswith("body_") and _str(value):
            fmt = key.removeprefix("body_")
            kind = "text" if fmt == "text" else "nitf" if fmt == "nitf" else "html"
            yield kind, value
    for body in _dicts(item.get("bodies")):
        value = body.get("value")
        if not _str(value):
            continue
        kind = _body_kind(_str(body.get("contenttype")), _str(body.get("role")), value)
        if kind:
            yield kind, value


def _nitf_body(value: str) -> str:
    """The markup inside a NITF document's body.content (its p, table, hl2...)."""
    data = value.encode("utf-8")
    if value.lstrip().startswith("<?xml"):
        # The declaration names the encoding we just used; drop it so it can't lie.
        data = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", data)
    try:
        root = xmlsafe.parse(data, name="NITF body")
    except ParseError:
        return ""
    content = next(iter(xmlsafe.descendants(root, "body.content")), None)
    if content is None:
        return ""
    inner = [etree.tostring(child, encoding="unicode") for child in content]
    return ((content.text or "") + "".join(inner)).strip()


def _body(item: dict) -> tuple[str, str]:
    """(body_html, body_text): the first markup body and the first plain one.

    A full HTML document (TT's html5 bodies) is cut to what is inside <body>, so
    its <title> does not end up as text in the article.
    """
    html = text = nitf = ""
    for kind, value in _bodies(item):
        if kind == "html" and not html:
            match = _FULL_DOCUMENT.search(value)
            html = match.group(1).strip() if match else value.strip()
        elif kind == "text" and not text:
            text = value.strip()
        elif kind == "nitf" and not nitf:
            nitf = value
    if not html and not text and nitf:
        html = _nitf_body(nitf)
    return html, text


def subject_code(uri: str = "", literal: str = "", scheme: str = "") -> str:
    """An IPTC code as "subj:…" / "medtop:…" where recognisable, else as given.

    IPTC subject codes and media topics are both eight digits: media topics below
    the top level start with 2 (20000209), subject codes run 01000000–17999999.
    A bare eight-digit code (Superdesk, NTB, TT) is read by that rule.
    """
    if scheme and literal and not uri:
        uri = scheme + literal
    match = _IPTC_CODE.match(uri)
    if match:
        prefix = "medtop" if match.group(1) == "mediatopic" else "subj"
        return f"{prefix}:{match.group(2)}"
    if re.fullmatch(r"\d{8}", literal):
        return f"{'medtop' if literal.startswith('2') else 'subj'}:{literal}"
    return literal if ":" in literal or not uri else uri


def _subjects(item: dict) -> tuple[list[str], list[str]]:
    """(codes, keywords): names join the keywords when their code is not IPTC's,
    since a provider's own ids (AP's hashes, NTB's "Innenriks") mean nothing here.
    """
    codes: list[str] = []
    keywords: list[str] = []
    for subject in _dicts(item.get("subjects")) + _dicts(item.get("subject")):
        code = subject_code(
            _str(subject.get("uri")),
            _str(subject.get("literal") or subject.get("code") or subject.get("qcode")),
            _str(subject.get("scheme")),
        )
        name = _str(subject.get("name"))
        if code and code not in codes:
            codes.append(code)
        if name and not code.startswith(("subj:", "medtop:")) and name not in keywords:
            keywords.append(name)
    for keyword in item.get("keywords") or []:
        if _str(keyword) and _str(keyword) not in keywords:
            keywords.append(_str(keyword))
    return codes, keywords


def _places(item: dict) -> list[str]:
    places: list[str] = []
    for place in _dicts(item.get("places")) + _dicts(item.get("place")):
        value = _str(
            place.get("name")
            or place.get("literal")
            or place.get("code")
            or place.get("uri")
        )
        if value and value not in places:
            places.append(value)
    return places


def _provider(item: dict) -> str:
    sources = _dicts(item.get("infosources")) or _dicts(item.get("infosource"))
    for source in sources:
        if _str(source.get("name")):
            return _str(source["name"])
    return _str(item.get("source")) or _str(item.get("copyrightholder"))


def _width(rendition: dict) -> int:
    try:
        return int(rendition.get("width") or 0)
    except (TypeError, ValueError):
        return 0


def image_href(renditions: object) -> str:
    """The href of the rendition best suited to a web page.

    The widest image up to 2400 pixels: originals run to 6000 and more, thumbnails
    are too small; without sizes, the first image rendition.
    """
    images = [
        r
        for r in _dicts(renditions)
        if _str(r.get("href"))
        and _str(r.get("contenttype") or r.get("mimetype") or "image/").startswith(
            "image/"
        )
    ]
    if not images:
        return ""
    fitting = [r for r in images if 0 < _width(r) <= 2400]
    if fitting:
        return _str(max(fitting, key=_width)["href"])
    sized = [r for r in images if _width(r)]
    return _str(min(sized, key=_width)["href"] if sized else images[0]["href"])


def _associations(item: dict) -> tuple[list[MediaRef], list[str]]:
    """Pictures and graphics become media; other members (text, video) related."""
    media: list[MediaRef] = []
    related: list[str] = []
    for member in _dicts(item.get("associations")):
        kind = _str(member.get("type")).lower()
        href = image_href(member.get("renditions"))
        member_id = _str(member.get("uri") or member.get("guid") or member.get("id"))
        if href and (kind in IMAGE_TYPES or not kind):
            media.append(
                MediaRef(
                    url=href,
                    kind="graphic" if kind == "graphic" else "image",
                    caption=_summary(member) or _headline(member),
                    credit=_str(
                        member.get("by")
                        or member.get("byline")
                        or member.get("credit")
                        or member.get("copyrightholder")
                    ),
                )
            )
        elif member_id:
            related.append(member_id)
    return media, related


def _kind(item: dict) -> str:
    kind = _str(item.get("type")).lower()
    if kind:
        return kind
    if "eventdetails" in item:
        return "event"
    if "plannedcoverage" in item:
        return "planning"
    return "text"


def _urgency(value: object) -> int | None:
    # ninjs urgency is already 1 (most urgent) … 9 (least), as in NewsML-G2.
    try:
        return min(max(int(value), 1), 9)
    except (TypeError, ValueError):
        return None


def parse_item(raw: dict, index: int, feed: ParsedFeed) -> None:
    """Add one ninjs object to ``feed``: as an item, or to skipped with why."""
    item = _keys(raw)
    guid = _str(item.get("uri") or item.get("guid") or item.get("id"))
    if not guid:
        feed.skipped.append((f"item {index + 1}", "no uri or guid"))
        return
    kind = _kind(item)
    if kind in NON_TEXT:
        feed.skipped.append((guid, f"{kind} item, not text"))
        return
    body_html, body_text = _body(item)
    if kind in {"composite", "component"} and not (body_html or body_text):
        feed.skipped.append((guid, f"{kind} item with no text of its own"))
        return
    headline = _headline(item) or _str(item.get("title")) or _str(item.get("slugline"))
    if not headline:
        feed.skipped.append((guid, "no headline"))
        return
    summary = _summary(item)
    if not (body_html or body_text):
        # Some items (NTB's short versions) carry only a lead: it is the text.
        body_text = summary
    subjects, keywords = _subjects(item)
    media, related = _associations(item)
    versioncreated = parse_time(item.get("versioncreated"))
    first_created = (
        parse_time(item.get("firstcreated"))
        or parse_time(item.get("contentcreated"))
        or versioncreated
    )
    status = _str(item.get("pubstatus")).lower()
    feed.items.append(
        ParsedItem(
            guid=guid,
            headline=headline,
            body_html=body_html,
            body_text=body_text,
            summary=summary,
            # ``uri`` identifies the item and is "not for links" (ninjs schema), so
            # it is not taken as the item's web address.
            byline=_str(item.get("by") or item.get("byline")),
            dateline=_str(item.get("located")),
            language=_str(item.get("language")),
            version=_str(item.get("version")),
            urgency=_urgency(item.get("urgency")),
            first_created=first_created,
            # ``firstpublished`` is Superdesk's; ninjs itself has only the version time.
            published=parse_time(item.get("firstpublished")) or versioncreated,
            updated=versioncreated,
            subjects=subjects,
            places=_places(item),
            keywords=keywords,
            media=media,
            # pubStatus withheld/canceled: the agency takes the item back.
            signal=Signal.KILL if status in KILLED else Signal.NEW,
            provider=_provider(item),
            slug=_str(item.get("slugline")),
            copyright=_str(item.get("copyrightnotice") or item.get("copyrightholder")),
            embargoed_until=parse_time(
                item.get("embargoeduntil") or item.get("embargoed")
            ),
            related=related,
        )
    )


def _is_schema(doc: dict) -> bool:
    return "$schema" in doc and (
        doc.get("type") == "object" or "properties" in doc or "$defs" in doc
    )


def _is_jsonfeed(doc: dict) -> bool:
    return _str(doc.get("version")).startswith("https://jsonfeed.org")


def _members(doc: object) -> list | None:
    """The ninjs objects of a document: an array, a wrapper's list, or one item."""
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        return None
    for key in ("item", "items"):
        if isinstance(doc.get(key), list) and not _is_jsonfeed(doc):
            return doc[key]
    return [doc]


def parse(data: bytes) -> ParsedFeed:
    doc = decode(data, "ninjs document")
    if isinstance(doc, dict):
        if _is_schema(doc):
            raise ParseError("ninjs document: a JSON Schema, not a news item")
        if "api_version" in doc and "data" in doc:
            raise ParseError("ninjs document: AP Media API JSON, not ninjs")
        if _is_jsonfeed(doc):
            raise ParseError("ninjs document: a JSON Feed, not ninjs")
    members = _members(doc)
    if members is None:
        raise ParseError("ninjs document: neither a JSON object nor an array")
    objects = [m for m in members if isinstance(m, dict)]
    if members and not any(
        _keys(m).get("uri") or _keys(m).get("guid") for m in objects
    ):
        raise ParseError("ninjs document: no object with a uri (or guid)")
    feed = ParsedFeed(format="ninjs")
    for index, member in enumerate(members):
        if isinstance(member, dict):
            parse_item(member, index, feed)
        else:
            feed.skipped.append((f"item {index + 1}", "not a JSON object"))
    return feed


def _item_score(value: object) -> int:
    item = _keys(value)
    if not item:
        return 0
    standard = _keys(item.get("standard") or item.get("$standard"))
    if "ninjs" in _str(standard.get("name")).lower() or "ninjs" in _str(
        item.get("$schema")
    ):
        return 90
    if _str(item.get("uri")) and (
        _str(item.get("type")).lower() in NEWS_TYPES or ITEM_KEYS & item.keys()
    ):
        return 90
    if _str(item.get("guid")) and len(SUPERDESK_KEYS & item.keys()) >= 3:
        return 75
    return 0


def sniff(head: Head) -> int:
    doc = head.json
    if isinstance(doc, dict) and (
        _is_schema(doc) or _is_jsonfeed(doc) or "api_version" in doc
    ):
        return 0
    members = _members(doc)
    if not members:
        return 0
    return _item_score(members[0])


PARSERS = [
    ParserSpec("ninjs", parse, sniff, "IPTC ninjs (News in JSON) 1.x, 2.x and 3.x"),
]
