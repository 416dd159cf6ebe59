"""Hardened XML parsing for every XML wire format.

Entity expansion, DTD loading and network access are off, so a hostile document can
neither read local files (XXE), reach the network, nor blow up memory (billion laughs).
"""

from __future__ import annotations

from lxml import etree

from wiredesk.ingest.wire import ParseError


def parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def parse(data: bytes, *, name: str = "document") -> etree._Element:
    """The root element of ``data``; malformed XML raises ParseError naming why."""
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"{name}: malformed XML: {exc}") from exc
    if root is None:
        raise ParseError(f"{name}: no XML root element")
    return root


def local(tag: object) -> str:
    """The local name of an element tag, without its namespace."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with the local name ``name``, whatever their namespace."""
    return [c for c in element if local(c.tag) == name]


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    return next((c for c in element if local(c.tag) == name), None)


def descendants(element: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in element.iter() if local(e.tag) == name]


def text_of(element: etree._Element | None) -> str:
    """All text inside ``element``, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def inner_xml(element: etree._Element | None) -> str:
    """The markup inside ``element`` as a string, namespaces dropped."""
    if element is None:
        return ""
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node.tag).localname
    etree.cleanup_namespaces(copy)
    parts = [copy.text or ""]
    parts += [etree.tostring(c, encoding="unicode", with_tail=True) for c in copy]
    return "".join(parts)
