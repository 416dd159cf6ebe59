"""IPTC NewsML-G2: a newsMessage of items, or one bare item.

Text newsItems become ParsedItems. Everything else is reported in ``skipped``:
pictures, video, audio and graphics; composite items; planning, concept (event)
and knowledge items; and packages.

A packageItem carries no text of its own, only references (itemRef residref) to
its members. When members arrive in the same message (TT, Reuters video), each
text member lists the other members' guids in ``related``, and picture and graphic
members become its MediaRefs; the package itself is skipped with a reason saying
so. When members are delivered separately (Reuters sends each package alone), the
package is skipped as "package of N items, members delivered separately": the
member items are stored when they arrive, under their own guids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from wiredesk.ingest import xmlsafe
from wiredesk.ingest.parsers import iptc_xml
from wiredesk.ingest.parsers.base import Head, ParserSpec
from wiredesk.ingest.parsers.iptc_xml import attr, find_all, kids
from wiredesk.ingest.wire import MediaRef, ParsedFeed, ParsedItem, ParseError, Signal

G2_NAMESPACES = {
    "http://iptc.org/std/nar/2006-10-01/",
    "http://iptc.org/std/nar/2006-10-01",
}
ITEM_ROOTS = {
    "newsItem",
    "packageItem",
    "conceptItem",
    "planningItem",
    "knowledgeItem",
    "catalogItem",
}
NOT_TEXT = {
    "packageItem": "package",
    "conceptItem": "concept item",
    "planningItem": "planning item",
    "knowledgeItem": "knowledge item (concepts)",
    "catalogItem": "catalog item",
}
# Pieces of an item, as IPTC's guidelines print them (LISTING_25, _28, _8, _9):
# recognisably G2, but with no item in them to store.
FRAGMENT_ROOTS = {"contentSet", "contentMeta", "itemMeta", "groupSet", "rightsInfo"}
IMAGE_CLASSES = {"picture", "graphic", "graphics"}

# Reuters fills <located> with "No-Data-Available" when it has none.
PLACEHOLDERS = {"no-data-available"}

# Renditions from best to worst for a picture shown with a story.
RENDITIONS = ("highres", "baseimage", "viewimage", "preview", "web", "original")


def _text(element: etree._Element | None) -> str:
    return xmlsafe.text_of(element)


def _label(element: etree._Element | None) -> str:
    """What a G2 concept reference names: its <name>, literal, or qcode."""
    if element is None:
        return ""
    name = _text(xmlsafe.child(element, "name"))
    return name or attr(element, "literal") or attr(element, "qcode")


def _provider(provider: etree._Element | None) -> str:
    """The provider's name, else its literal, else its code ("nprov:TT" → "TT")."""
    label = _label(provider)
    if label and label == attr(provider, "qcode"):
        return label.split(":", 1)[-1]
    return label


def _date(element: etree._Element | None) -> datetime | None:
    return iptc_xml.parse_date(_text(element))


def _item_class(item: etree._Element) -> str:
    """The item's class: text, picture, video, composite…; "" when it names none."""
    item_class = xmlsafe.child(xmlsafe.child(item, "itemMeta"), "itemClass")
    code = attr(item_class, "qcode") or attr(item_class, "uri")
    return iptc_xml.tail_code(code) if code else ""


def _signal(item_meta: etree._Element | None) -> Signal:
    """pubStatus withheld/canceled is a kill; IPTC signals say correction/update."""
    status = iptc_xml.tail_code(attr(xmlsafe.child(item_meta, "pubStatus"), "qcode"))
    if status in {"withheld", "canceled", "cancelled"}:
        return Signal.KILL
    found = set()
    for signal in kids(item_meta, "signal"):
        qcode = attr(signal, "qcode") or attr(signal, "uri")
        # Only the IPTC signal scheme (sig: or its URI); agencies' own schemes
        # (Reuters edStat:, AP apsig:) mean other things.
        if qcode.startswith("sig:") or "/newscodes/signal/" in qcode:
            found.add(iptc_xml.tail_code(qcode))
    if "correction" in found:
        return Signal.CORRECTION
    if "update" in found:
        return Signal.UPDATE
    return Signal.NEW


def _headline(content_meta: etree._Element | None) -> tuple[str, str]:
    """The main headline and the sub-headline (role hld:subHeadline), if any."""
    main, sub = "", ""
    for headline in kids(content_meta, "headline"):
        role = iptc_xml.tail_code(attr(headline, "role"))
        if role.startswith("sub"):
            sub = sub or _text(headline)
        else:
            main = main or _text(headline)
    return main, sub


def _summary(content_meta: etree._Element | None) -> str:
    """A description whose role is a summary, an intro or an abstract (or none).

    Reuters' descRole:caption on text is "SLUG:headline", not a summary.
    """
    for description in kids(content_meta, "description"):
        role = iptc_xml.tail_code(attr(description, "role"))
        if role in {"", "summary", "intro", "abstract", "synopsis"}:
            text = _text(description)
            if text:
                return text
    return ""


def _located(content_meta: etree._Element | None) -> list[str]:
    """The located place and the broader areas it lies in, as named."""
    names = []
    for located in kids(content_meta, "located"):
        names.append(_label(located))
        names += [_label(broader) for broader in kids(located, "broader")]
    return [n for n in names if n.lower() not in PLACEHOLDERS]


def _subjects(content_meta: etree._Element | None) -> tuple[list[str], list[str]]:
    """Subject codes, and the places among the subjects (type cpnat:geoArea)."""
    subjects, places = [], []
    for subject in kids(content_meta, "subject"):
        if iptc_xml.tail_code(attr(subject, "type")) in {"geoarea", "poi"}:
            places.append(_text(xmlsafe.child(subject, "name")) or _label(subject))
            continue
        subjects.append(
            attr(subject, "qcode")
            or attr(subject, "literal")
            or _text(xmlsafe.child(subject, "name"))
        )
        # dpa and others map their own codes onto IPTC's with sameAs.
        for same in kids(subject, "sameAs"):
            if attr(same, "qcode").startswith(("subj:", "medtop:")):
                subjects.append(attr(same, "qcode"))
    return subjects, places


def _copyright(item: etree._Element) -> str:
    rights = xmlsafe.child(item, "rightsInfo")
    notice = _text(xmlsafe.child(rights, "copyrightNotice"))
    return notice or _label(xmlsafe.child(rights, "copyrightHolder"))


def _url(item_meta: etree._Element | None) -> str:
    for link in kids(item_meta, "link"):
        rel = iptc_xml.tail_code(attr(link, "rel"))
        if rel in {"canonical", "self", "alternate"} and attr(link, "href"):
            return attr(link, "href")
    return ""


def _remote_href(remote: etree._Element) -> str:
    if attr(remote, "href"):
        return attr(remote, "href")
    return _text(xmlsafe.child(remote, "altLoc"))


def _rendition(code: str) -> str:
    """A rendition's name: rnd:highRes → highres, rend:baseImage:960x540 → baseimage."""
    if "/" in code:
        return iptc_xml.tail_code(code)
    parts = code.lower().split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def _best_picture(content_set: etree._Element | None) -> str:
    """The URL of the best image rendition in a contentSet."""
    images = [
        r
        for r in kids(content_set, "remoteContent")
        if attr(r, "contenttype").startswith("image/") and _remote_href(r)
    ]
    for wanted in RENDITIONS:
        for remote in images:
            if _rendition(attr(remote, "rendition")) == wanted:
                return _remote_href(remote)
    return _remote_href(images[0]) if images else ""


def _body(
    content_set: etree._Element | None, headline: str
) -> tuple[iptc_xml.Body, str]:
    """The text of a contentSet: (markup body, plain text); the first rendition wins."""
    for content in content_set if content_set is not None else []:
        name = xmlsafe.local(content.tag)
        if name == "inlineXML":
            body = iptc_xml.markup_body(content, headline)
            if body.html and "<" not in body.html:
                # Opta's results in Reuters XHTML: text straight in <body>, its
                # lines kept only as line breaks, which plain text preserves.
                text = iptc_xml.plain_text(body.html)
                return iptc_xml.Body(headline=body.headline), text
            if body.html or body.headline:
                return body, ""
        elif name == "inlineData":
            text = content.text or ""
            kind = attr(content, "contenttype").lower()
            if "html" in kind or iptc_xml.looks_like_html(text):
                return iptc_xml.Body(html=text.strip()), ""
            if text.strip():
                return iptc_xml.Body(), iptc_xml.plain_text(text)
    return iptc_xml.Body(), ""


def parse_news_item(item: etree._Element) -> ParsedItem | None:
    """A text newsItem as a ParsedItem; None when it has no headline and no text."""
    item_meta = xmlsafe.child(item, "itemMeta")
    content_meta = xmlsafe.child(item, "contentMeta")
    content_set = xmlsafe.child(item, "contentSet")
    headline, subheadline = _headline(content_meta)
    headline = headline or _text(xmlsafe.child(item_meta, "title"))
    body, text = _body(content_set, headline)
    headline = headline or body.headline
    if not headline and not (body.html or text):
        return None
    subjects, subject_places = _subjects(content_meta)
    dateline = _text(xmlsafe.child(content_meta, "dateline"))
    if iptc_xml.is_only_a_date(dateline):
        dateline = ""
    located = _located(content_meta)
    if xmlsafe.child(content_meta, "dateline") is None:
        # Fall back on where the story was written, named (not a bare qcode).
        place = xmlsafe.child(content_meta, "located")
        place_name = _text(xmlsafe.child(place, "name")) or attr(place, "literal")
        if place_name.lower() in PLACEHOLDERS:
            place_name = ""
        dateline = body.dateline or place_name
    media = [
        MediaRef(url=_remote_href(remote))
        for remote in kids(content_set, "remoteContent")
        if attr(remote, "contenttype").startswith("image/") and _remote_href(remote)
    ]
    language = attr(xmlsafe.child(content_meta, "language"), "tag")
    first_created = _date(xmlsafe.child(item_meta, "firstCreated")) or _date(
        xmlsafe.child(content_meta, "contentCreated")
    )
    version_created = _date(xmlsafe.child(item_meta, "versionCreated")) or _date(
        xmlsafe.child(content_meta, "contentModified")
    )
    return ParsedItem(
        guid=attr(item, "guid"),
        version=attr(item, "version"),
        headline=headline or _text(xmlsafe.child(content_meta, "slugline")),
        summary=_summary(content_meta) or subheadline or body.summary,
        body_html=body.html,
        body_text=text,
        byline=_text(xmlsafe.child(content_meta, "by")) or body.byline,
        dateline=dateline,
        language=language or item.get(iptc_xml.XML_LANG) or "",
        urgency=iptc_xml.urgency(_text(xmlsafe.child(content_meta, "urgency"))),
        first_created=first_created or version_created,
        published=version_created or first_created,
        updated=version_created or first_created,
        subjects=iptc_xml.unique(subjects),
        places=iptc_xml.unique(located + subject_places),
        keywords=iptc_xml.unique([_text(k) for k in kids(content_meta, "keyword")]),
        media=media + body.media,
        url=_url(item_meta),
        signal=_signal(item_meta),
        provider=_provider(xmlsafe.child(item_meta, "provider")),
        slug=_text(xmlsafe.child(content_meta, "slugline")),
        copyright=_copyright(item),
        embargoed_until=_date(xmlsafe.child(item_meta, "embargoed")),
    )


def _picture(item: etree._Element) -> MediaRef | None:
    """A picture or graphic newsItem as a MediaRef for the story it belongs to."""
    url = _best_picture(xmlsafe.child(item, "contentSet"))
    if not url:
        return None
    content_meta = xmlsafe.child(item, "contentMeta")
    caption = ""
    for description in kids(content_meta, "description"):
        caption = caption or _text(description)
    headline, _ = _headline(content_meta)
    credit = _text(xmlsafe.child(content_meta, "creditline"))
    by = _text(xmlsafe.child(content_meta, "by"))
    if any(p in by.lower() for p in PLACEHOLDERS):
        by = ""
    return MediaRef(
        url=url, kind="image", caption=caption or headline, credit=credit or by
    )


def _members(package: etree._Element) -> list[str]:
    return iptc_xml.unique(
        [attr(ref, "residref") for ref in find_all(package, "itemRef")]
    )


def _items(root: etree._Element) -> list[etree._Element]:
    name = xmlsafe.local(root.tag)
    if name in ITEM_ROOTS:
        return [root]
    if name == "newsMessage":
        return [
            item
            for item_set in kids(root, "itemSet")
            for item in item_set
            if xmlsafe.local(item.tag) in ITEM_ROOTS
        ]
    raise ParseError(
        f"not a NewsML-G2 document: root element <{name}>, expected newsMessage "
        "or an item (newsItem, packageItem, conceptItem, planningItem…)"
    )


def _not_text_reason(item: etree._Element, item_class: str) -> str:
    name = xmlsafe.local(item.tag)
    if name == "conceptItem":
        concept_type = attr(
            xmlsafe.child(xmlsafe.child(item, "concept"), "type"), "qcode"
        )
        if iptc_xml.tail_code(concept_type) == "event":
            return "concept item (event), not text"
    if name in NOT_TEXT:
        return f"{NOT_TEXT[name]}, not text"
    return f"{item_class or 'unclassified'} item, not text"


@dataclass
class Found:
    """The items of one message by guid, for linking packages to their members."""

    text_items: dict[str, ParsedItem] = field(default_factory=dict)
    pictures: dict[str, MediaRef] = field(default_factory=dict)
    not_text: dict[str, str] = field(default_factory=dict)  # guid → skip reason


def _link_package(guid: str, package: etree._Element, found: Found) -> str:
    """Link the members of a package found in the message; the package's reason."""
    members = _members(package)
    present = [m for m in members if m in found.text_items or m in found.not_text]
    for member in present:
        if member in found.text_items:
            story = found.text_items[member]
            others = [m for m in members if m != member]
            story.related = iptc_xml.unique(story.related + others)
            story.media += [found.pictures[m] for m in others if m in found.pictures]
        else:
            found.not_text[member] += f"; member of package {guid}"
    size = f"package of {len(members)} item{'s' if len(members) != 1 else ''}"
    if present:
        return f"{size}, {len(present)} delivered here and linked as related"
    return f"{size}, members delivered separately"


def parse(data: bytes) -> ParsedFeed:
    root = iptc_xml.read(data, name="NewsML-G2 document")
    feed = ParsedFeed(format="newsmlg2")
    if xmlsafe.local(root.tag) in FRAGMENT_ROOTS:
        name = f"<{xmlsafe.local(root.tag)}>"
        feed.skipped.append((name, f"NewsML-G2 fragment {name}, not a whole item"))
        return feed
    elements = _items(root)
    found = Found()
    packages = []
    for index, element in enumerate(elements, start=1):
        name = xmlsafe.local(element.tag)
        guid = attr(element, "guid") or f"{name} {index}"
        item_class = _item_class(element)
        if name == "packageItem":
            packages.append((guid, element))
            continue
        if name == "newsItem" and item_class in {"text", ""}:
            parsed = parse_news_item(element)
            if parsed is None:
                reason = "text item with no headline and no content"
                if not item_class:
                    reason = "item with no itemClass, no headline and no content"
                feed.skipped.append((guid, reason))
            elif not parsed.guid:
                feed.skipped.append((guid, "text item with no guid"))
            else:
                feed.items.append(parsed)
                found.text_items[parsed.guid] = parsed
            continue
        if name == "newsItem" and item_class in IMAGE_CLASSES:
            picture = _picture(element)
            if picture:
                found.pictures[guid] = picture
        found.not_text[guid] = _not_text_reason(element, item_class)
    for guid, package in packages:
        feed.skipped.append((guid, _link_package(guid, package, found)))
    feed.skipped += list(found.not_text.items())
    return feed


def sniff(head: Head) -> int:
    if head.xml_root in ITEM_ROOTS | {"newsMessage"}:
        if head.xml_namespace in G2_NAMESPACES:
            return 90
        # TT's sample carries no namespace at all; the element names alone are
        # G2's own (NewsML 1.2 uses NewsML/NewsItem, capitalised).
        if head.xml_namespace == "":
            return 80
    if head.xml_root in FRAGMENT_ROOTS and head.xml_namespace in G2_NAMESPACES | {""}:
        return 60
    return 0


PARSERS = [ParserSpec("newsmlg2", parse, sniff, "IPTC NewsML-G2 items and messages")]
