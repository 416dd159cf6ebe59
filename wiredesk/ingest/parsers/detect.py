"""Tell the format of a document from its first bytes."""

from __future__ import annotations

import re

_ROOT = re.compile(rb"<(?!\?|!)(?:[\w.-]+:)?([\w.-]+)")


def detect_format(data: bytes) -> str | None:
    """The registry name of the parser for ``data``, or None when it is unknown.

    Only the opening of the document is read: the root element of XML, or the
    first character of JSON.
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "jsonfeed" if b"jsonfeed.org/version" in data[:2048] else None
    if not head.startswith(b"<"):
        return None
    without_comments = re.sub(rb"<!--.*?-->", b"", head, flags=re.S)
    match = _ROOT.search(without_comments)
    if not match:
        return None
    root = match.group(1).lower()
    if root in {b"rss", b"rdf"}:
        return "rss"
    if root == b"feed":
        return "atom"
    return None
