"""NITF 3.x (News Industry Text Format): one story per document."""

from __future__ import annotations

import hashlib
from datetime import datetime

from lxml import etree

from wiredesk.ingest import xmlsafe
from wiredesk.ingest.parsers import iptc_xml
from wiredesk.ingest.parsers.base import Head, ParserSpec
from wiredesk.ingest.parsers.iptc_xml import attr, find_all, kids
from wiredesk.ingest.wire import ParsedFeed, ParsedItem, ParseError, Signal

NITF_NAMESPACES = {"", "http://iptc.org/std/NITF/2006-10-18/"}

# management-status values that take an item off the wire.
_KILLED = {"withheld", "canceled", "cancelled"}


def _fallback_guid(provider: str, headline: str, issued: str) -> str:
    """A stable key for documents with no doc-id id-string (AP's samples have none).

    Provider, headline and issue date together name one story version; the same
    document fetched twice gets the same key, so it is stored once. A rewrite with a
    new headline gets a new key, the price of a document that carries no id.
    """
    digest = hashlib.sha256(f"{provider}\n{headline}\n{issued}".encode()).hexdigest()
    return f"nitf:{provider or 'unknown'}:{digest[:24]}"


def _copyright(docdata: etree._Element | None) -> str:
    notice = xmlsafe.child(docdata, "doc.copyright")
    holder, year = attr(notice, "holder"), attr(notice, "year")
    if not holder:
        return ""
    return f"© {year} {holder}" if year else f"© {holder}"


def _subjects(head: etree._Element | None) -> list[str]:
    codes = []
    for subject in find_all(head, "tobject.subject"):
        refnum = attr(subject, "tobject.subject.refnum")
        if refnum.isdigit() and len(refnum) == 8:
            codes.append(f"subj:{refnum}")
        elif refnum:
            codes.append(refnum)
    for found in find_all(head, "identified-content"):
        for element in found:
            if xmlsafe.local(element.tag) in {"classifier", "subject", "object.title"}:
                codes.append(attr(element, "value") or xmlsafe.text_of(element))
    return codes


def _places(head: etree._Element | None, dateline: etree._Element | None) -> list[str]:
    places = []
    docdata = xmlsafe.child(head, "docdata")
    for evloc in kids(docdata, "evloc"):
        for name in ("city", "county-dist", "state-prov", "iso-cc"):
            places.append(attr(evloc, name))
    for found in find_all(head, "identified-content"):
        for location in xmlsafe.children(found, "location"):
            places.append(attr(location, "value") or xmlsafe.text_of(location))
    location = xmlsafe.child(dateline, "location")
    if location is not None:
        places += [xmlsafe.text_of(part) for part in location] or [
            xmlsafe.text_of(location)
        ]
    return places


def _keywords(docdata: etree._Element | None) -> list[str]:
    key_list = xmlsafe.child(docdata, "key-list")
    if key_list is None:
        return []
    return [
        attr(k, "key") or xmlsafe.text_of(k)
        for k in xmlsafe.children(key_list, "keyword")
    ]


def _signal(docdata: etree._Element | None, head: etree._Element | None) -> Signal:
    if attr(docdata, "management-status").lower() in _KILLED:
        return Signal.KILL
    if xmlsafe.child(docdata, "correction") is not None:
        return Signal.CORRECTION
    # A <revision-history> with a date or comment says this is a revised version
    # (The Canadian Press: comment="ADDS military statement").
    for where in (docdata, head):
        revision = xmlsafe.child(where, "revision-history")
        if iptc_xml.parse_date(attr(revision, "norm")) or attr(revision, "comment"):
            return Signal.UPDATE
    return Signal.NEW


def _revised(
    docdata: etree._Element | None, head: etree._Element | None
) -> datetime | None:
    for where in (docdata, head):
        revision = xmlsafe.child(where, "revision-history")
        when = iptc_xml.parse_date(attr(revision, "norm"))
        if when:
            return when
    return None


def parse_nitf(root: etree._Element) -> ParsedItem | None:
    """One ParsedItem from a <nitf> root, or None when it has no headline."""
    head = xmlsafe.child(root, "head")
    docdata = xmlsafe.child(head, "docdata")
    pubdata = xmlsafe.child(head, "pubdata")
    body_head = xmlsafe.child(xmlsafe.child(root, "body"), "body.head")
    body = iptc_xml.nitf_body(root)
    headline = body.headline  # hl1, else head/title
    if not headline:
        return None
    doc_id = xmlsafe.child(docdata, "doc-id")
    du_key = xmlsafe.child(docdata, "du-key")
    meta = {attr(m, "name"): attr(m, "content") for m in kids(head, "meta")}
    provider = body.distributor or attr(doc_id, "regsrc")
    if not provider:
        provider = attr(xmlsafe.child(docdata, "doc.copyright"), "holder")
    issue_norm = attr(xmlsafe.child(docdata, "date.issue"), "norm")
    issued = iptc_xml.parse_date(issue_norm) or iptc_xml.parse_date(
        attr(pubdata, "date.publication")
    )
    # date.release is the embargo when it is later than the issue (PA) or the
    # status says so; AAP repeats the issue time there, which embargoes nothing.
    release = iptc_xml.parse_date(attr(xmlsafe.child(docdata, "date.release"), "norm"))
    embargoed = None
    status = attr(docdata, "management-status").lower()
    if release and (status == "embargoed" or not issued or release > issued):
        embargoed = release
    ed_urg = attr(xmlsafe.child(docdata, "urgency"), "ed-urg") or attr(
        xmlsafe.child(head, "urgency"), "ed-urg"
    )
    return ParsedItem(
        guid=attr(doc_id, "id-string")
        or _fallback_guid(attr(doc_id, "regsrc") or provider, headline, issue_norm),
        version=attr(du_key, "version"),
        headline=headline,
        summary=body.summary,
        body_html=body.html,
        byline=body.byline,
        dateline=body.dateline,
        language=root.get("baselang") or root.get(iptc_xml.XML_LANG) or "",
        urgency=iptc_xml.urgency(ed_urg),
        first_created=issued,
        published=issued,
        updated=_revised(docdata, head) or issued,
        subjects=iptc_xml.unique(_subjects(head)),
        places=iptc_xml.unique(_places(head, xmlsafe.child(body_head, "dateline"))),
        keywords=iptc_xml.unique(_keywords(docdata)),
        media=body.media,
        signal=_signal(docdata, head),
        provider=provider,
        # du-key is NITF's own slug; AAP's ANPA-derived files carry a keyword meta.
        slug=attr(du_key, "key") or meta.get("anpa-keyword", ""),
        copyright=_copyright(docdata),
        embargoed_until=embargoed,
    )


def parse(data: bytes) -> ParsedFeed:
    root = iptc_xml.read(data, name="NITF document")
    if xmlsafe.local(root.tag) != "nitf":
        raise ParseError(
            f"not a NITF document: root element <{xmlsafe.local(root.tag)}>, "
            "expected <nitf>"
        )
    feed = ParsedFeed(format="nitf")
    item = parse_nitf(root)
    if item is None:
        feed.skipped.append(("nitf document", "no headline (hl1) or title"))
    else:
        feed.title = item.headline
        feed.items.append(item)
    return feed


def sniff(head: Head) -> int:
    if head.xml_root == "nitf" and head.xml_namespace in NITF_NAMESPACES:
        return 90
    return 0


PARSERS = [ParserSpec("nitf", parse, sniff, "NITF 3.x news documents")]
