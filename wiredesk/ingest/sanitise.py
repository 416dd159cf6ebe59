"""Sanitising of every piece of ingested HTML, and its plain-text form.

Agency and feed HTML is untrusted: nh3 (an allow-list sanitiser) keeps the structure
a news article needs and drops scripts, styles, event handlers and foreign markup.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
    "strong", "b", "em", "i", "u", "sub", "sup", "a", "figure", "figcaption",
    "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "pre", "code",
    "hr", "abbr", "cite", "q", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
_BLOCK_END = re.compile(
    r"</(p|h[1-6]|li|blockquote|tr|figcaption|pre)>|<br\s*/?>", re.I
)
_TAG = re.compile(r"<[^>]+>")
_BLANK_LINE = re.compile(r"\n[ \t\r\u00a0]*\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_html(raw: str) -> str:
    """Allow-listed HTML; links get rel=noopener noreferrer nofollow."""
    if not raw:
        return ""
    return nh3.clean(
        _CONTROL.sub("", raw),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def html_to_text(fragment: str) -> str:
    """Plain text with one blank line between paragraphs."""
    if not fragment:
        return ""
    text = _BLOCK_END.sub("\n\n", fragment)
    text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    # Collapse spaces within lines and runs of blank lines between paragraphs.
    paragraphs = (" ".join(block.split()) for block in _BLANK_LINE.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def clean_text(raw: str) -> str:
    """One line of plain text (headlines, bylines): no markup, no control characters."""
    if not raw:
        return ""
    if "<" not in raw and "&" not in raw and not _CONTROL.search(raw):
        return " ".join(raw.split())
    return " ".join(html_to_text(raw).split())


def text_to_html(text: str) -> str:
    """Paragraphs of escaped text, for formats that deliver plain text only."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
