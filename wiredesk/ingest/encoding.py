"""Bytes of an XML document made readable by libxml2, as correct Unicode.

libxml2 reads UTF-8, UTF-16 and ISO-8859-1 natively; other charsets go through its
iconv, which knows fewer names than Python and reads labels strictly, while real
feeds use labels loosely: GB2312 feeds carry GBK/GB18030 characters, ISO-8859-1
feeds carry Windows-1252 quotes. Such documents are decoded here, with the superset
a browser would use (WHATWG Encoding Standard), re-encoded as UTF-8 and their
declaration rewritten to say so. UTF-8 documents, the usual case, pass untouched.
"""

from __future__ import annotations

import codecs
import re

from wiredesk.ingest.wire import ParseError

_DECLARATION = re.compile(rb"<\?xml\s[^>]*?\?>")
_ENCODING = re.compile(rb"""(\sencoding\s*=\s*)(["'])([^"']*)\2""")
_C1 = re.compile(rb"[\x80-\x9f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Python codec name (codecs.lookup(label).name) -> the superset to decode with.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
}
# Read by libxml2 itself (and autodetected from the first bytes for UTF-16/32).
_NATIVE = {
    "utf-8",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "utf-32-be",
}


class EncodingError(ParseError):
    """The document's declared charset is unknown, or its bytes do not fit it."""


def declared_encoding(data: bytes) -> str:
    """The charset label of the XML declaration at the start of ``data``, or ""."""
    head = data[:512]
    if not head.startswith(b"<?xml"):
        return ""
    declaration = _DECLARATION.match(head)
    found = _ENCODING.search(declaration.group()) if declaration else None
    return found.group(3).decode("ascii", "replace").strip() if found else ""


def to_libxml2(data: bytes) -> bytes:
    """``data`` as bytes libxml2 decodes correctly; may be ``data`` itself.

    A byte-order mark outranks the declaration (XML 1.0, appendix F). Leading
    white space before the declaration, which libxml2 rejects, is dropped.
    Raises EncodingError for an unknown charset or bytes invalid in it, so that the
    caller can hand the document to a more forgiving reader.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            label = declared_encoding(data[len(bom) :].lstrip())
            if name == "utf-8" and _codec(label or "utf-8") == "utf-8":
                return data
            return _transcode(data, name + "-sig" if name == "utf-8" else name)
    if data[:1].isspace():
        stripped = data.lstrip()
        if stripped.startswith(b"<?xml"):
            data = stripped
    label = declared_encoding(data)
    if not label:
        return data  # no declaration: UTF-8 (or UTF-16 told by its first bytes)
    name = _codec(label)
    if name in _NATIVE:
        return data
    if name in {"iso8859-1", "ascii"}:
        if data.isascii():
            return data
        if name == "iso8859-1" and not _C1.search(data):
            return data
    return _transcode(data, _SUPERSETS.get(name, name))


def _codec(label: str) -> str:
    try:
        return codecs.lookup(label).name
    except LookupError:
        raise EncodingError(f"unknown character encoding {label!r}") from None


def _transcode(data: bytes, codec: str) -> bytes:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec != "cp1252":
            raise EncodingError(f"bytes invalid in {codec}: {exc}") from None
        # Five bytes are undefined in Windows-1252; browsers read them as C1
        # controls, which is what Latin-1 does.
        text = data.decode("latin-1")
    text = text.removeprefix("\ufeff").lstrip()
    declaration = _DECLARATION.match(text[:512].encode("utf-8"))
    body = text.encode("utf-8")
    if declaration:
        fixed = _ENCODING.sub(rb"\1\2utf-8\2", declaration.group(), count=1)
        body = fixed + body[declaration.end() :]
    return body
