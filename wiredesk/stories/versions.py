"""How agencies re-issue an item, and the exact keys that recognise one: pure.

Agencies often re-issue a story under a NEW guid and mark it in the headline:
"UPDATE 2-Quake toll rises", "CORRECTED-Bank cuts rates", "REFILE-...", "RPT-...",
"WRAPUP 1-...", or "... (CORRECTED)" at the end. Such an item is a later version of
the agency's earlier item, not another agency telling the story, so matching looks
for the earlier item by its headline without the marks (or by its text).

Exact keys come first of all: the same visible text (``WireItem.content_hash``) or
the same canonical URL as an item already in a story is that story, whatever the
wording scores.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Marks are upper case on the wire; "Update on talks" is a headline, not a mark.
_PREFIX = re.compile(
    r"^\s*(?P<mark>(?:UPDATE|WRAPUP|WRAP)(?:\s*\d+)?|CORRECTED|CORRECTION|REFILE|"
    r"REFILED|RPT|REPEAT|RECASTS?)\s*[-–—:]\s*"
)
_SUFFIX = re.compile(r"\s*\((?P<mark>CORRECTED|REFILE|REPEAT|UPDATED?)\)\s*$")
CORRECTION_MARKS = frozenset({"CORRECTED", "CORRECTION"})


@dataclass(frozen=True)
class Marks:
    """A headline's re-issue marks and the headline without them."""

    base: str
    marks: tuple[str, ...]

    @property
    def reissue(self) -> bool:
        return bool(self.marks)

    @property
    def corrected(self) -> bool:
        return any(mark in CORRECTION_MARKS for mark in self.marks)


def marks(headline: str) -> Marks:
    """Split "CORRECTED-UPDATE 1-Quake kills 10 (CORRECTED)" into marks and base."""
    found: list[str] = []
    rest = headline
    while match := _PREFIX.match(rest):
        found.append(re.sub(r"\s+", " ", match["mark"]))
        rest = rest[match.end() :]
    while match := _SUFFIX.search(rest):
        found.append(match["mark"])
        rest = rest[: match.start()]
    if not rest.strip():  # a headline that is only a mark keeps its text
        return Marks(headline.strip(), ())
    return Marks(rest.strip(), tuple(found))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def headline_key(headline: str) -> str:
    """Key of a headline without marks, case and spacing: "" for an empty one."""
    base = " ".join(marks(headline).base.lower().split())
    return _digest(base) if base else ""


def canonical_url(url: str) -> str:
    """The URL as the same page is always written, or "" when it names no page.

    Scheme and host lower case, no fragment, no utm_* tracking parameters, no
    trailing slash. A bare site address is no key: some feeds give their home page
    as every item's link.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    path = parts.path.rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_")
    ]
    if not path and not query:
        return ""
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), "")
    )


def url_key(url: str) -> str:
    """Key of the canonical URL, "" when there is none."""
    canonical = canonical_url(url)
    return _digest(canonical) if canonical else ""
