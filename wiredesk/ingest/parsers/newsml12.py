"""IPTC NewsML 1.2: a NewsML envelope of NewsItems built from nested NewsComponents.

A NewsItem's story is spread over its components: NewsLines (headline, byline,
dateline…), metadata, and ContentItems whose DataContent holds NITF, XHTML,
escaped HTML or plain text. Components that carry pictures or video (Business Wire's
Photo, Video roles) become MediaRefs of the story; a NewsItem with no text at all is
a photo or media item and is skipped with the reason.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from wiredesk.ingest import xmlsafe
from wiredesk.ingest.parsers import iptc_xml
from wiredesk.ingest.parsers.base import Head, ParserSpec
from wiredesk.ingest.parsers.iptc_xml import attr, find_all, kids
from wiredesk.ingest.wire import MediaRef, ParsedFeed, ParsedItem, ParseError, Signal

# Component roles that are not the story's text.
MEDIA_ROLES = {"photo", "picture", "image", "graphic", "video", "audio", "logo"}
NOT_BODY_ROLES = {"headline", "subheadline", "stylesheet", "contact", "caption"}
PLACE_NAMES = ("country", "city", "state", "region", "countryarea", "worldregion")
_REVISION_SUFFIX = re.compile(r":\d+[A-Z]?$")


def _formal(element: etree._Element | None) -> str:
    return attr(element, "FormalName")


def _role(component: etree._Element) -> str:
    return _formal(xmlsafe.child(component, "Role")).lower()


def _content_kind(content: etree._Element) -> str:
    """ "text", "css", "image", "video", "audio" or "" for one ContentItem."""
    media = _formal(xmlsafe.child(content, "MediaType")).lower()
    mime = _formal(xmlsafe.child(content, "MimeType")).lower()
    fmt = _formal(xmlsafe.child(content, "Format")).lower()
    if mime == "text/css" or fmt == "css":
        return "css"
    for kind in ("image", "video", "audio"):
        if mime.startswith(f"{kind}/"):
            return kind
    if media in {"photo", "graphic", "image"}:
        return "image"
    if media in {"video", "audio"}:
        return media
    if media == "text" or mime.startswith(("text/", "application/")):
        return "text"
    if any(word in fmt for word in ("nitf", "html", "text")):
        return "text"
    return "text" if xmlsafe.child(content, "DataContent") is not None else ""


def _components(component: etree._Element) -> Iterator[etree._Element]:
    """The component and those nested in it, in document order.

    Where EquivalentsList="yes" the children are the same thing in other
    languages or formats: only the first is read.
    """
    yield component
    nested = kids(component, "NewsComponent")
    if component.get("EquivalentsList", "").lower() == "yes":
        nested = nested[:1]
    for child in nested:
        yield from _components(child)


def _is_media(component: etree._Element) -> bool:
    if _role(component) in MEDIA_ROLES:
        return True
    contents = kids(component, "ContentItem")
    return bool(contents) and all(
        _content_kind(c) in {"image", "video", "audio"} for c in contents
    )


@dataclass
class Story:
    """What the text components of one NewsItem add up to."""

    lines: dict[str, str] = field(default_factory=dict)
    html: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    summary: str = ""
    media: list[MediaRef] = field(default_factory=list)
    media_kinds: list[str] = field(default_factory=list)
    metadata: list[etree._Element] = field(default_factory=list)


def _news_lines(component: etree._Element) -> dict[str, str]:
    """A component's NewsLines by name (HeadLine, ByLine…), the first of each."""
    found: dict[str, str] = {}
    for lines in kids(component, "NewsLines"):
        for line in lines:
            name = xmlsafe.local(line.tag)
            if name and name != "NewsLine":
                found.setdefault(name, xmlsafe.text_of(line))
    return found


def _data_content(content: etree._Element, headline: str) -> tuple[str, str]:
    """(markup, plain text) of a text ContentItem's DataContent."""
    data = xmlsafe.child(content, "DataContent")
    if data is None:
        return "", ""
    if any(isinstance(c.tag, str) for c in data):
        return iptc_xml.markup_body(data, headline).html, ""
    text = data.text or ""
    fmt = _formal(xmlsafe.child(content, "Format")).lower()
    mime = _formal(xmlsafe.child(content, "MimeType")).lower()
    if "html" in fmt or "html" in mime or iptc_xml.looks_like_html(text):
        return text.strip(), ""
    return "", iptc_xml.plain_text(text)


def _media_ref(component: etree._Element) -> MediaRef | None:
    """The largest picture (or the video) of a media component, with its caption."""
    best, best_width = None, -1
    for content in kids(component, "ContentItem"):
        kind = _content_kind(content)
        if not attr(content, "Href") or kind not in {"image", "video"}:
            continue
        properties = {
            attr(p, "FormalName").lower(): attr(p, "Value")
            for p in find_all(xmlsafe.child(content, "Characteristics"), "Property")
        }
        width = int(properties.get("pixelwidth", "0") or 0)
        if kind == "video":
            width = 1 << 30  # the moving picture over its stills
        if width > best_width:
            best, best_width = (content, kind), width
    if best is None:
        return None
    content, kind = best
    lines = _news_lines(component)
    return MediaRef(
        url=attr(content, "Href"),
        kind=kind,
        caption=lines.get("HeadLine", "") or lines.get("SubHeadLine", ""),
        credit=lines.get("CreditLine", ""),
    )


def _story(top: etree._Element) -> Story:
    story = Story()
    media_components = [c for c in _components(top) if _is_media(c)]
    for component in _components(top):
        if any(
            m is component or m in component.iterancestors() for m in media_components
        ):
            continue  # pictures and their captions are not the story's text
        for name, line in _news_lines(component).items():
            story.lines.setdefault(name, line)
        story.metadata += kids(component, "DescriptiveMetadata")
        story.metadata += kids(component, "AdministrativeMetadata")
        story.metadata += kids(component, "Metadata")
        story.metadata += kids(component, "TopicSet")
        role = _role(component)
        for content in kids(component, "ContentItem"):
            if _content_kind(content) != "text":
                continue
            markup, text = _data_content(content, story.lines.get("HeadLine", ""))
            if role == "subheadline":
                story.summary = story.summary or xmlsafe.text_of(
                    xmlsafe.child(content, "DataContent")
                )
            elif role not in NOT_BODY_ROLES:
                story.html += [markup] if markup else []
                story.text += [text] if text else []
    for component in media_components:
        if _role(component) == "logo":
            continue
        ref = _media_ref(component)
        if ref:
            story.media.append(ref)
        story.media_kinds += [
            _content_kind(c) for c in find_all(component, "ContentItem")
        ]
    return story


def _properties(metadata: list[etree._Element]) -> list[tuple[str, str]]:
    return [
        (attr(p, "FormalName"), attr(p, "Value"))
        for block in metadata
        for p in find_all(block, "Property")
        if attr(p, "Value")
    ]


def _places(properties: list[tuple[str, str]]) -> list[str]:
    """Country, City… properties, also Business Wire's BWCountryKeywords."""
    return [
        value
        for name, value in properties
        if any(word in name.lower() for word in PLACE_NAMES)
    ]


def _keywords(properties: list[tuple[str, str]], lines: dict[str, str]) -> list[str]:
    words = [
        value
        for name, value in properties
        if "keyword" in name.lower()
        and not any(word in name.lower() for word in PLACE_NAMES)
    ]
    if lines.get("KeywordLine"):
        words += [w.strip() for w in lines["KeywordLine"].split(",")]
    return words


def _subjects(metadata: list[etree._Element]) -> list[str]:
    codes = []
    for block in metadata:
        for code in find_all(block, "SubjectCode"):
            codes += [_formal(subject) for subject in code]
        for topic in find_all(block, "Topic"):
            formal = xmlsafe.child(topic, "FormalName")
            if formal is not None and "subject" in attr(formal, "Scheme").lower():
                codes.append(xmlsafe.text_of(formal))
    return [f"subj:{c}" if c.isdigit() and len(c) == 8 else c for c in codes]


def _first_formal(metadata: list[etree._Element], path: str) -> str:
    for block in metadata:
        for element in find_all(block, path):
            if _formal(element):
                return _formal(element)
    return ""


def _party(metadata: list[etree._Element], role: str) -> str:
    for block in metadata:
        for element in kids(block, role):
            for party in kids(element, "Party"):
                if _formal(party):
                    return _formal(party)
    return ""


def _guid(identifier: etree._Element | None) -> str:
    """urn:newsml:ProviderId:DateId:NewsItemId, the same for every revision.

    The PublicIdentifier ends with the RevisionId (":1", ":2A"): kept in the guid,
    each revision would look like a new story instead of a new version of one.
    """
    parts = [
        xmlsafe.text_of(xmlsafe.child(identifier, name))
        for name in ("ProviderId", "DateId", "NewsItemId")
    ]
    if all(parts):
        return "urn:newsml:" + ":".join(parts)
    public = xmlsafe.text_of(xmlsafe.child(identifier, "PublicIdentifier"))
    return _REVISION_SUFFIX.sub("", public)


def _signal(
    management: etree._Element | None, revision: etree._Element | None
) -> Signal:
    status = _formal(xmlsafe.child(management, "Status")).lower()
    if status in {"canceled", "cancelled", "withheld"}:
        return Signal.KILL
    # Update="A" adds a component, "U" replaces one: both revise an earlier item.
    if attr(revision, "Update").upper() in {"A", "U"}:
        return Signal.UPDATE
    return Signal.NEW


def _joined_html(story: Story) -> str:
    """The story's markup parts, plain-text parts (if mixed in) as paragraphs."""
    if not story.html:
        return ""
    paragraphs = [f"<p>{html.escape(text)}</p>" for text in story.text]
    return "\n".join(story.html + paragraphs)


def parse_news_item(
    item: etree._Element, envelope: etree._Element | None
) -> ParsedItem | str:
    """A ParsedItem, or the reason the NewsItem is not a text story."""
    identifier = xmlsafe.child(xmlsafe.child(item, "Identification"), "NewsIdentifier")
    guid = _guid(identifier)
    if not guid:
        return "no NewsIdentifier"
    top = xmlsafe.child(item, "NewsComponent")
    if top is None:
        if kids(item, "Update"):
            return "partial update (<Update>), not a whole item"
        return "no NewsComponent"
    story = _story(top)
    lines = story.lines
    name_label = xmlsafe.text_of(
        xmlsafe.child(xmlsafe.child(item, "Identification"), "NameLabel")
    )
    headline = lines.get("HeadLine") or name_label or lines.get("SlugLine", "")
    if not (story.html or story.text):
        kinds = [k for k in story.media_kinds if k]
        if kinds:
            kind = "photo" if kinds[0] == "image" else kinds[0]
            return f"{kind} item, not text"
        if not headline:
            return "no headline and no text"
    management = xmlsafe.child(item, "NewsManagement")
    revision = xmlsafe.child(identifier, "RevisionId")
    metadata = story.metadata
    properties = _properties(metadata)
    places = _places(properties)
    for location in (loc for block in metadata for loc in find_all(block, "Location")):
        places += [attr(p, "Value") for p in kids(location, "Property")]
    dateline = lines.get("DateLine", "")
    if iptc_xml.is_only_a_date(dateline):
        cities = [value for name, value in properties if name.lower() == "city"]
        dateline = cities[0] if cities else ""
    first_created = iptc_xml.parse_date(
        xmlsafe.text_of(xmlsafe.child(management, "FirstCreated"))
    )
    revised = iptc_xml.parse_date(
        xmlsafe.text_of(xmlsafe.child(management, "ThisRevisionCreated"))
    )
    will_change = xmlsafe.child(management, "StatusWillChange")
    provider = (
        _party(metadata, "Provider")
        or _formal(xmlsafe.child(xmlsafe.child(envelope, "SentFrom"), "Party"))
        or lines.get("CreditLine", "")
    )
    urgency = _formal(xmlsafe.child(management, "Urgency")) or _formal(
        xmlsafe.child(envelope, "Priority")
    )
    language = _first_formal(metadata, "Language") or item.get(iptc_xml.XML_LANG, "")
    return ParsedItem(
        guid=guid,
        version=xmlsafe.text_of(revision),
        headline=headline,
        summary=lines.get("SubHeadLine", "") or story.summary,
        body_html=_joined_html(story),
        body_text="" if story.html else "\n\n".join(story.text),
        byline=lines.get("ByLine", "") or _party(metadata, "Creator"),
        dateline=dateline,
        language=language.lower(),
        urgency=iptc_xml.urgency(urgency),
        first_created=first_created or revised,
        published=revised or first_created,
        updated=revised or first_created,
        subjects=iptc_xml.unique(_subjects(metadata)),
        places=iptc_xml.unique(places),
        keywords=iptc_xml.unique(_keywords(properties, lines)),
        media=story.media,
        signal=_signal(management, revision),
        provider=provider or xmlsafe.text_of(xmlsafe.child(identifier, "ProviderId")),
        slug=lines.get("SlugLine", "") or name_label,
        copyright=lines.get("CopyrightLine", ""),
        embargoed_until=iptc_xml.parse_date(
            xmlsafe.text_of(xmlsafe.child(will_change, "DateAndTime"))
        ),
    )


def parse(data: bytes) -> ParsedFeed:
    root = iptc_xml.read(data, name="NewsML 1.2 document")
    if xmlsafe.local(root.tag) != "NewsML":
        raise ParseError(
            f"not a NewsML 1.2 document: root element <{xmlsafe.local(root.tag)}>, "
            "expected <NewsML>"
        )
    envelope = xmlsafe.child(root, "NewsEnvelope")
    feed = ParsedFeed(format="newsml12")
    items = kids(root, "NewsItem")
    if not items:
        raise ParseError("NewsML 1.2 document without a NewsItem")
    for index, item in enumerate(items, start=1):
        result = parse_news_item(item, envelope)
        if isinstance(result, str):
            identifier = xmlsafe.child(
                xmlsafe.child(item, "Identification"), "NewsIdentifier"
            )
            feed.skipped.append((_guid(identifier) or f"NewsItem {index}", result))
        else:
            feed.items.append(result)
    return feed


def sniff(head: Head) -> int:
    return 90 if head.xml_root == "NewsML" else 0


PARSERS = [ParserSpec("newsml12", parse, sniff, "IPTC NewsML 1.2 envelopes")]
