"""Share links: plain links to each network's own share page, no scripts or widgets."""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus

# Percent-encoding of ASCII text by one regular expression: urllib's quote() walks
# the text a character at a time in Python, and the five links of an article page
# cost 6% of serving it. Non-ASCII text goes through urllib as before.
_RESERVED = re.compile(r"[^A-Za-z0-9_.~-]")
_ENCODED = {chr(c): f"%{c:02X}" for c in range(128)}
_ENCODED_PLUS = _ENCODED | {" ": "+"}


def _encoded(match: re.Match) -> str:
    return _ENCODED[match.group()]


def _encoded_plus(match: re.Match) -> str:
    return _ENCODED_PLUS[match.group()]


def quote_all(text: str) -> str:
    """``urllib.parse.quote(text, safe="")``: every reserved character encoded."""
    return _RESERVED.sub(_encoded, text) if text.isascii() else quote(text, "")


def quote_all_plus(text: str) -> str:
    """``urllib.parse.quote_plus(text, safe="")``, as ``urlencode`` quotes values."""
    if text.isascii():
        return _RESERVED.sub(_encoded_plus, text)
    return quote_plus(text, "")


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(network, link) pairs for an article at ``url`` headlined ``title``."""
    link, text = quote_all(url), quote_all(title)  # each quoted once, used four times
    post = f"url={quote_all_plus(url)}&text={quote_all_plus(title)}"
    return [
        ("X", "https://x.com/intent/post?" + post),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + link),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + link),
        ("WhatsApp", f"https://wa.me/?text={text}%20{link}"),
        ("Email", f"mailto:?subject={text}&body={link}"),
    ]
