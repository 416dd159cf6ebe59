"""Tell the format of a document from its bytes, through the registered sniffers."""

from __future__ import annotations

from wiredesk import registry
from wiredesk.ingest.parsers.base import Head


def detect_format(data: bytes) -> str | None:
    """The registry name of the parser surest it reads ``data``, or None."""
    head = Head(data)
    best, best_score = None, 0
    for name, spec in registry.parsers:
        score = spec.sniff(head)
        if score > best_score:
            best, best_score = name, score
    return best


def describe_unknown(data: bytes) -> str:
    """Why a document that no parser claims is not a wire item, in plain words."""
    head = Head(data)
    if not head.stripped:
        return "empty file"
    if isinstance(head.json, dict) and (
        "$schema" in head.json or head.json.get("type") == "object"
    ):
        return "a JSON Schema, not a news item"
    if head.json is not None:
        return "JSON of no known wire format"
    if head.is_xml:
        if head.xml_root == "schema":
            return "an XML Schema (XSD), not a news item"
        root = head.xml_root or "unreadable"
        return f"XML of no known wire format (root element <{root}>)"
    first_line = head.text.split("\n", 1)[0]
    if first_line.count("\t") >= 2:
        return "tab-separated text, not a wire format"
    return "not a recognised wire format"
