"""What the IPTC XML formats (NewsML-G2, NewsML 1.2, NITF) share.

Reading the bytes with the right encoding, their ISO 8601 dates (extended and
compact), their 1–9 urgency scale, and NITF body markup, which NewsML-G2 and
NewsML 1.2 both carry inside their own envelopes.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from lxml import etree

from wiredesk.ingest import xmlsafe
from wiredesk.ingest.parsers.base import BOMS
from wiredesk.ingest.wire import MediaRef

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_DECLARATION = re.compile(
    rb"""^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])"""
)
_SINGLE_BYTE = {
    "ascii",
    "us-ascii",
    "iso-8859-1",
    "iso8859-1",
    "iso_8859-1",
    "latin-1",
    "latin1",
    "l1",
    "windows-1252",
    "cp1252",
}
_UTF8 = {"utf-8", "utf8"}
_C1_CONTROLS = re.compile(rb"[\x80-\x9f]")


def _relabel(data: bytes, match: re.Match[bytes] | None) -> bytes:
    if match is None:
        return data
    return match.group(1) + b"utf-8" + match.group(3) + data[match.end() :]


def _from_windows_1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1")


def fix_encoding(data: bytes) -> bytes:
    """The bytes of an XML document, re-labelled where its declaration lies.

    Agencies often label UTF-8 files ISO-8859-1 (the AFP, PA and Ritzau samples do):
    when a file declared single-byte decodes cleanly as UTF-8 and has bytes above
    127, it is UTF-8, because Latin-1 text almost never forms valid UTF-8 sequences.
    The reverse mistake (Latin-1 bytes labelled UTF-8, or no label) is read as
    windows-1252, as is ISO-8859-1 holding C1 bytes 0x80–0x9F, which are never text
    there but are typographic quotes and dashes in windows-1252.
    """
    if data.isascii() or data.startswith(BOMS):
        return data  # a byte order mark is the strongest statement of encoding
    match = _DECLARATION.match(data)
    declared = match.group(2).decode("ascii").lower() if match else ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        valid_utf8 = False
    else:
        valid_utf8 = True
    if declared in _SINGLE_BYTE:
        if valid_utf8:
            return _relabel(data, match)
        if declared not in {"windows-1252", "cp1252"} and _C1_CONTROLS.search(data):
            return _relabel(_from_windows_1252(data).encode("utf-8"), match)
        return data
    if (not declared or declared in _UTF8) and not valid_utf8:
        # The declaration is ASCII, so it keeps its place in the transcoded bytes.
        return _relabel(_from_windows_1252(data).encode("utf-8"), match)
    return data


def read(data: bytes, *, name: str) -> etree._Element:
    """The root element, through the hardened parser, with encodings repaired."""
    return xmlsafe.parse(fix_encoding(data), name=name)


# -- dates ----------------------------------------------------------------------

_ISO = re.compile(
    r"""^(\d{4})-?(\d{2})-?(\d{2})
    (?:[T\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?
    \s*(Z|(?:GMT|UTC)?\s*[+-]\d{2}(?::?\d{2})?|GMT|UTC)?$""",
    re.X | re.I,
)


def parse_date(value: str | None) -> datetime | None:
    """An ISO 8601 date in extended or compact form, as an aware UTC datetime.

    Covers what the samples carry: ``2017-10-11T10:41:00+0100``,
    ``2013-03-04T11:40:31.000Z``, ``20130515T110000-0400``, ``2016-05-24
    20:53:25+00:00``. Times with no zone (``20150220T135142``,
    ``2017-08-29T17:15:41``) are read as UTC, the house rule: the formats name no
    default zone. Placeholders like ``YYYYMMDD000000-HHMM`` give None.
    """
    match = _ISO.match((value or "").strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    tz = UTC
    if zone and zone.upper() not in {"Z", "GMT", "UTC"}:
        offset = re.sub(r"^(GMT|UTC)\s*", "", zone, flags=re.I).replace(":", "")
        sign = -1 if offset[0] == "-" else 1
        hours, minutes = int(offset[1:3]), int(offset[3:5] or 0)
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        when = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError:
        return None
    return when.astimezone(UTC)


_DATE_ONLY = re.compile(
    r"""^\W*(
        \d{4}-\d{2}-\d{2}([T\s][\d:.]+)?(\s*(GMT|UTC|Z)?\s*([+-][\d:]+)?)?
      | \d{1,2}/\d{1,2}/\d{2,4}
      | [A-Z]+\.?\s+\d{1,2},?\s+\d{4}
    )\W*$""",
    re.X | re.I,
)


def is_only_a_date(text: str) -> bool:
    """True for "datelines" that hold a date and no place.

    Reuters fills <dateline> with the filing time ("2014-07-16 15:53:10 GMT+00:00"),
    ANA-MPA with "4/4/2018": passed on, drafting would read them as places.
    """
    return bool(_DATE_ONLY.match(text.strip()))


def urgency(value: str | None) -> int | None:
    """An IPTC urgency or priority, 1 (most urgent) … 9 (least), or None.

    NewsML-G2 <urgency>, NITF ed-urg and NewsML 1.2 Urgency/Priority all use
    this scale already, so the number is kept; 0 and out-of-range values are
    clamped to it.
    """
    try:
        number = int((value or "").strip())
    except ValueError:
        return None
    return min(max(number, 1), 9)


def unique(values: list[str]) -> list[str]:
    """Non-empty values, stripped, first occurrence kept."""
    seen: dict[str, None] = {}
    for value in values:
        value = " ".join((value or "").split())
        if value:
            seen.setdefault(value, None)
    return list(seen)


def attr(element: etree._Element | None, name: str) -> str:
    """An attribute's value, stripped; "" when the element or attribute is absent."""
    return (element.get(name) or "").strip() if element is not None else ""


def find_all(element: etree._Element | None, name: str) -> list[etree._Element]:
    """Descendants named ``name`` (any namespace); none under a missing element."""
    return xmlsafe.descendants(element, name) if element is not None else []


def kids(element: etree._Element | None, name: str) -> list[etree._Element]:
    """Children named ``name`` (any namespace); none under a missing element."""
    return xmlsafe.children(element, name) if element is not None else []


def tail_code(code: str) -> str:
    """The code without its scheme: ninat:text or …/newscodes/ninat/text → text."""
    return re.split(r"[:/#]", code.strip().rstrip("/"))[-1].lower()


# -- bodies ---------------------------------------------------------------------


@dataclass
class Body:
    """What a NITF or XHTML body carries besides the envelope's metadata."""

    html: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    dateline: str = ""
    summary: str = ""
    distributor: str = ""
    media: list[MediaRef] = field(default_factory=list)


def _element_text(element: etree._Element | None, skip: set[str]) -> str:
    """Text of ``element`` without the children named in ``skip``."""
    if element is None:
        return ""
    # Child elements are separate words: <byline>By<person>Staff</person></byline>.
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and xmlsafe.local(child.tag) not in skip:
            parts.append(_element_text(child, skip))
        parts.append(child.tail or "")
    return " ".join(" ".join(parts).split())


def nitf_byline(byline: etree._Element | None) -> str:
    """A <byline> and its <byttl> as "By BERNARD CONDON, AP Business Writer"."""
    if byline is None:
        return ""
    name = _element_text(byline, {"byttl"})
    title = xmlsafe.text_of(xmlsafe.child(byline, "byttl"))
    return ", ".join(part for part in (name, title) if part)


def nitf_dateline(dateline: etree._Element | None) -> str:
    """The place of a NITF <dateline>, its parts joined, its <story.date> left out."""
    if dateline is None:
        return ""
    location = xmlsafe.child(dateline, "location")
    if location is not None and len(location):
        parts = [xmlsafe.text_of(part) for part in location]
        return ", ".join(p for p in parts if p) or xmlsafe.text_of(location)
    return _element_text(dateline, {"story.date"})


def nitf_media(element: etree._Element | None) -> list[MediaRef]:
    """<media> of a NITF body: the reference, its caption and its producer."""
    refs = []
    for media in find_all(element, "media"):
        reference = xmlsafe.child(media, "media-reference")
        if reference is None:
            continue
        url = reference.get("source") or reference.get("data") or ""
        if not url:
            continue
        kind = (media.get("media-type") or "image").lower()
        refs.append(
            MediaRef(
                url=url.strip(),
                kind="image" if kind in {"image", "photo", "graphic"} else kind,
                caption=xmlsafe.text_of(xmlsafe.child(media, "media-caption")),
                credit=xmlsafe.text_of(xmlsafe.child(media, "media-producer")),
            )
        )
    return refs


def _drop(node: etree._Element) -> None:
    """Remove ``node`` from its parent, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _without(element: etree._Element | None, names: set[str]) -> etree._Element | None:
    """A copy of ``element`` with every descendant named in ``names`` removed."""
    if element is None:
        return None
    element = copy.deepcopy(element)
    for node in list(element.iterdescendants()):
        if xmlsafe.local(node.tag) in names:
            _drop(node)
    return element


def nitf_body(nitf: etree._Element) -> Body:
    """Headline, byline, dateline, abstract and body markup of a <nitf> element.

    The body is body.content as delivered; <media> blocks become MediaRefs.
    body.end (taglines, reporters' addresses) is not story text and is left out.
    """
    body = xmlsafe.child(nitf, "body")
    head = xmlsafe.child(body, "body.head")
    content = xmlsafe.child(body, "body.content")
    hedline = xmlsafe.child(head, "hedline")
    abstract = xmlsafe.child(head, "abstract")
    return Body(
        html=xmlsafe.inner_xml(_without(content, {"media"})).strip(),
        headline=xmlsafe.text_of(xmlsafe.child(hedline, "hl1"))
        or xmlsafe.text_of(xmlsafe.child(xmlsafe.child(nitf, "head"), "title")),
        subheadline=xmlsafe.text_of(xmlsafe.child(hedline, "hl2")),
        byline=nitf_byline(xmlsafe.child(head, "byline")),
        dateline=nitf_dateline(xmlsafe.child(head, "dateline")),
        summary=xmlsafe.text_of(_without(abstract, {"media"})),
        distributor=xmlsafe.text_of(xmlsafe.child(head, "distributor")),
        media=nitf_media(content),
    )


def xhtml_body(html: etree._Element, headline: str = "") -> Body:
    """The <body> of an XHTML (or HTML5) document as the story's markup.

    <header> blocks (dpa's slugline, date and headline) and an <h1> that repeats
    the headline are envelope, not story, and are dropped.
    """
    body = xmlsafe.child(html, "body")
    if body is None:
        body = html if xmlsafe.local(html.tag) == "body" else None
    if body is None:
        return Body()
    body = _without(body, {"header"})
    wanted = " ".join(headline.split()).casefold()
    for h1 in xmlsafe.descendants(body, "h1")[:1]:
        if wanted and xmlsafe.text_of(h1).casefold() == wanted:
            _drop(h1)
    return Body(html=xmlsafe.inner_xml(body).strip())


def markup_body(element: etree._Element, headline: str = "") -> Body:
    """A body held as XML: NITF, XHTML, or bare paragraphs (AFP's DataContent)."""
    children = [c for c in element if isinstance(c.tag, str)]
    if len(children) == 1:
        name = xmlsafe.local(children[0].tag)
        if name == "nitf":
            return nitf_body(children[0])
        if name in {"html", "body"}:
            return xhtml_body(children[0], headline)
    return Body(html=xmlsafe.inner_xml(element).strip())


_LOOKS_LIKE_HTML = re.compile(
    r"^\s*<(p|div|br|h[1-6]|ul|ol|table|pre|blockquote)\b", re.I
)


def plain_text(text: str) -> str:
    """Plain text with each line's indentation (from XML pretty-printing) removed."""
    return "\n".join(line.strip() for line in text.strip().splitlines())


def looks_like_html(text: str) -> bool:
    """Plain-text content that is really markup (ANSA labels <p>… text/plain)."""
    return bool(_LOOKS_LIKE_HTML.match(text))
