"""What every parser module provides, and the summary of a document's opening.

A parser module exposes ``PARSERS``: a list of :class:`ParserSpec`. IngestConfig.ready()
registers them by name; detection asks each spec's ``sniff`` how sure it is that a
document is its format and takes the surest. Nothing registers on import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from wiredesk.ingest.wire import ParsedFeed

_XML_NOISE = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.S)
_START_TAG = re.compile(rb"<(?:([\w.-]+):)?([\w.-]+)([^>]*)>", re.S)
_XMLNS = re.compile(rb"""xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']""")
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Head:
    """The opening of a document, looked at once and shared by every sniffer."""

    data: bytes

    @cached_property
    def stripped(self) -> bytes:
        head = self.data[:8192]
        for bom in BOMS:
            head = head.removeprefix(bom)
        return head.lstrip()

    @cached_property
    def is_xml(self) -> bool:
        return self.stripped.startswith(b"<")

    @cached_property
    def _root(self) -> tuple[str, str]:
        if not self.is_xml:
            return "", ""
        match = _START_TAG.search(_XML_NOISE.sub(b"", self.stripped))
        if not match:
            return "", ""
        prefix, name, attrs = match.groups()
        namespaces = {
            (p or b"").decode("ascii", "replace"): ns.decode("utf-8", "replace")
            for p, ns in _XMLNS.findall(attrs)
        }
        wanted = (prefix or b"").decode("ascii", "replace")
        return name.decode("ascii", "replace"), namespaces.get(wanted, "")

    @property
    def xml_root(self) -> str:
        """Local name of the root element ("rss", "newsItem", "nitf"), or ""."""
        return self._root[0]

    @property
    def xml_namespace(self) -> str:
        """Namespace URI of the root element, or ""."""
        return self._root[1]

    @cached_property
    def json(self) -> object | None:
        """The parsed JSON document, or None when the bytes are not JSON."""
        if not self.stripped.startswith((b"{", b"[")):
            return None
        try:
            return json.loads(self.data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None

    @cached_property
    def text(self) -> str:
        """The first 8 KB as text (latin-1, so any byte reads), for text formats."""
        return self.data[:8192].decode("latin-1")


@dataclass(frozen=True)
class ParserSpec:
    """A named parser: ``parse`` reads bytes, ``sniff`` scores a Head 0–100."""

    name: str
    parse: Callable[[bytes], ParsedFeed]
    sniff: Callable[[Head], int]
    description: str = ""
