"""AP Media API JSON: feed pages (``data.items[].item``) and items (``data.item``).

Field names follow AP's "Content metadata fields" reference (developer.ap.org). Feed
and search pages carry a ``data.next_page`` link, and a text item's story is often
only in its NITF rendition (``renditions.nitf.href``). Both need more fetches, which
the pipeline makes; the helpers at the end of this module (``next_page``,
``nitf_renditions``, ``body_from_nitf``, ``with_api_key``) stay pure.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from wiredesk.ingest.parsers import nitf
from wiredesk.ingest.parsers.base import Head, ParserSpec
from wiredesk.ingest.parsers.ninjs import decode, image_href, parse_time, subject_code
from wiredesk.ingest.wire import MediaRef, ParsedFeed, ParsedItem, ParseError, Signal

KILLED = {"withheld", "canceled", "cancelled"}
# AP's editorial types (NewsML-G2 role names) that take back or correct a story.
KILL_TYPES = {"kill", "elimination", "withhold"}
CORRECTION_TYPES = {"correction"}
IMAGE_TYPES = {"picture", "graphic"}


def _str(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def _dicts(value: object) -> list[dict]:
    """List members, or the values of a keyed object ({"1": {...}, "2": {...}})."""
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]


def _names(values: list[dict]) -> list[str]:
    names: list[str] = []
    for value in values:
        name = _str(value.get("name"))
        if name and name not in names:
            names.append(name)
    return names


def _subjects(item: dict) -> tuple[list[str], list[str]]:
    """(codes, names): AP's concept ids as scheme + code; categories as qcodes.

    AP category codes ("a" domestic, "s" sports...) have no scheme; they are kept as
    "apcategory:<code>" so that a one-letter code does not read as a subject of its own.
    """
    codes: list[str] = []
    names: list[str] = []
    for subject in _dicts(item.get("subject")):
        name = _str(subject.get("name"))
        code = _str(subject.get("code"))
        rels = subject.get("rels") or []
        if not _str(subject.get("scheme")) and {"category", "suppcategory"} & set(rels):
            code = f"apcategory:{code}" if code else ""
        else:
            code = subject_code(literal=code, scheme=_str(subject.get("scheme")))
        if code and code not in codes:
            codes.append(code)
        # A category's name is sometimes just its code again ("s"): no keyword.
        if name and name != _str(subject.get("code")) and name not in names:
            names.append(name)
    return codes, names


def _dateline(item: dict) -> str:
    # "located" is AP's dateline text; "datelinelocation" its structured place.
    if _str(item.get("located")):
        return _str(item["located"])
    where = item.get("datelinelocation") or {}
    parts = [_str(where.get("city")), _str(where.get("countryname"))]
    return ", ".join(p for p in parts if p)


def _signal(item: dict) -> Signal:
    types = {_str(t).lower() for t in item.get("editorialtypes") or []}
    if _str(item.get("pubstatus")).lower() in KILLED or types & KILL_TYPES:
        return Signal.KILL
    if types & CORRECTION_TYPES:
        return Signal.CORRECTION
    return Signal.NEW


def _associations(item: dict) -> tuple[list[MediaRef], list[str]]:
    """Linked pictures with a rendition href become media; the rest related ids.

    In feeds AP usually lists linked media without renditions (their files need a
    fetch of the associated item), so most of them end up as related item ids.
    """
    media: list[MediaRef] = []
    related: list[str] = []
    for member in _dicts(item.get("associations")):
        href = image_href(member.get("renditions"))
        if href and _str(member.get("type")).lower() in IMAGE_TYPES:
            media.append(
                MediaRef(
                    url=href,
                    kind="graphic" if member.get("type") == "graphic" else "image",
                    caption=_str(member.get("description_caption"))
                    or _str(member.get("headline")),
                    credit=_str(member.get("description_creditline")),
                )
            )
            continue
        altids = member.get("altids") or {}
        member_id = _str(altids.get("itemid") or member.get("uri"))
        if member_id:
            related.append(member_id)
    return media, related


def _urgency(value: object) -> int | None:
    # AP urgency runs 1 (flash) … 8 (weekend advance): already our scale.
    try:
        return min(max(int(value), 1), 9)
    except (TypeError, ValueError):
        return None


def parse_item(item: dict, index: int, feed: ParsedFeed) -> None:
    """Add one AP item to ``feed``: as a text item, or to skipped with why."""
    guid = _str((item.get("altids") or {}).get("itemid") or item.get("uri"))
    if not guid:
        feed.skipped.append((f"item {index + 1}", "no altids.itemid or uri"))
        return
    kind = _str(item.get("type")).lower() or "text"
    if kind != "text":
        feed.skipped.append((guid, f"{kind} item, not text"))
        return
    headline = (
        _str(item.get("headline"))
        or _str(item.get("title"))
        or _str(item.get("headline_extended"))
    )
    if not headline:
        feed.skipped.append((guid, "no headline"))
        return
    summary = _str(item.get("description_summary")) or _str(
        item.get("headline_extended")
    )
    subjects, subject_names = _subjects(item)
    keywords = [_str(k) for k in item.get("keywords") or [] if _str(k)]
    keywords += [n for n in subject_names if n not in keywords]
    media, related = _associations(item)
    versioncreated = parse_time(item.get("versioncreated"))
    feed.items.append(
        ParsedItem(
            guid=guid,
            headline=headline,
            # The story text is not in the JSON: it is the NITF rendition
            # (renditions.nitf.href), which needs a second, authenticated fetch.
            # Until then the summary stands in as the body.
            body_text=summary,
            summary=summary,
            byline="; ".join(
                _str(b.get("by")) for b in _dicts(item.get("bylines")) if b.get("by")
            ),
            dateline=_dateline(item),
            language=_str(item.get("language")),
            version=_str(item.get("version")),
            urgency=_urgency(item.get("urgency")),
            first_created=parse_time(item.get("firstcreated")) or versioncreated,
            published=versioncreated,
            updated=versioncreated,
            subjects=subjects,
            places=_names(_dicts(item.get("place"))),
            keywords=keywords,
            media=media,
            signal=_signal(item),
            provider=_str(item.get("provider"))
            or next(iter(_names(_dicts(item.get("infosource")))), ""),
            slug=_str(item.get("slugline")),
            copyright=_str(item.get("copyrightnotice")),
            embargoed_until=parse_time(item.get("embargoed")),
            related=related,
        )
    )


def parse(data: bytes) -> ParsedFeed:
    doc = decode(data, "AP Media API document")
    if not isinstance(doc, dict) or "api_version" not in doc:
        raise ParseError("AP Media API document: no api_version, not an AP response")
    content = doc.get("data")
    if not isinstance(content, dict):
        error = doc.get("error")
        error = _str(error.get("message")) if isinstance(error, dict) else ""
        reason = f"an error response: {error}" if error else "no data object"
        raise ParseError(f"AP Media API document: {reason}")
    if isinstance(content.get("items"), list):
        entries = [
            e.get("item") if isinstance(e, dict) else None for e in content["items"]
        ]
    elif isinstance(content.get("item"), dict):
        entries = [content["item"]]
    else:
        raise ParseError("AP Media API document: data has neither items nor item")
    feed = ParsedFeed(format="apmedia")
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            parse_item(entry, index, feed)
        else:
            feed.skipped.append((f"item {index + 1}", "feed entry without an item"))
    return feed


# -- what the pipeline fetches next ---------------------------------------------------

API_KEY_PARAM = "apikey"  # AP's query-string credential


def _response(data: bytes) -> dict:
    try:
        doc = decode(data, "AP Media API document")
    except ParseError:
        return {}
    content = doc.get("data") if isinstance(doc, dict) else None
    return content if isinstance(content, dict) else {}


def next_page(data: bytes, url: str = "") -> str:
    """The page after this one (``data.next_page``), absolute; "" when none.

    A relative link is resolved against ``url``, the page's own address; a link
    that is not http(s) is no page.
    """
    link = _str(_response(data).get("next_page"))
    if not link:
        return ""
    absolute = urljoin(url, link) if url else link
    return absolute if urlsplit(absolute).scheme in ("http", "https") else ""


def _needs_rendition(item: dict) -> str:
    """The NITF href of a text item whose JSON carries no story text, else ""."""
    if (_str(item.get("type")).lower() or "text") != "text":
        return ""
    if _str(item.get("body_nitf")) or _str(item.get("body_html")):
        return ""
    renditions = item.get("renditions")
    if not isinstance(renditions, dict):
        return ""
    nitf_rendition = renditions.get("nitf")
    if not isinstance(nitf_rendition, dict):
        return ""
    return _str(nitf_rendition.get("href"))


def nitf_renditions(data: bytes) -> dict[str, str]:
    """guid → NITF rendition href of the text items whose text is only there."""
    content = _response(data)
    if isinstance(content.get("items"), list):
        entries = [
            e.get("item") if isinstance(e, dict) else None for e in content["items"]
        ]
    else:
        entries = [content.get("item")]
    found: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        guid = _str((entry.get("altids") or {}).get("itemid") or entry.get("uri"))
        href = _needs_rendition(entry)
        if guid and href:
            found[guid] = href
    return found


def body_from_nitf(data: bytes) -> tuple[str, str]:
    """(body_html, body_text) of an item's NITF rendition, by the NITF parser.

    Raises ParseError when the rendition is no NITF story or has no body.
    """
    parsed = nitf.parse(data)
    if not parsed.items:
        reason = parsed.skipped[0][1] if parsed.skipped else "no item"
        raise ParseError(f"NITF rendition: {reason}")
    story = parsed.items[0]
    if not (story.body_html.strip() or story.body_text.strip()):
        raise ParseError("NITF rendition: no body text")
    return story.body_html, story.body_text


def with_api_key(source_url: str, url: str) -> str:
    """``url`` with the source's ``apikey`` parameter when it lacks one.

    AP's next_page and rendition links may omit the key the source URL carries.
    It is added only for the source's own host, so the key never goes elsewhere.
    """
    source, target = urlsplit(source_url), urlsplit(url)
    if source.netloc.lower() != target.netloc.lower():
        return url
    key = dict(parse_qsl(source.query, keep_blank_values=True)).get(API_KEY_PARAM)
    query = parse_qsl(target.query, keep_blank_values=True)
    if not key or any(name == API_KEY_PARAM for name, _ in query):
        return url
    query.append((API_KEY_PARAM, key))
    return urlunsplit(target._replace(query=urlencode(query)))


def sniff(head: Head) -> int:
    doc = head.json
    if not isinstance(doc, dict) or "api_version" not in doc:
        return 0
    content = doc.get("data")
    if isinstance(content, dict) and ("items" in content or "item" in content):
        return 90
    return 50 if isinstance(content, dict) else 0


PARSERS = [
    ParserSpec("apmedia", parse, sniff, "AP Media API JSON (feed pages and items)"),
]
