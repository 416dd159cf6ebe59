"""Clean agency headlines: prefixes, slugs and tags off, shouting brought down."""

from __future__ import annotations

import re

MAX_LENGTH = 110
_PREFIX = re.compile(
    r"^\s*(?:(?:UPDATE|WRAPUP|REFILE|CORRECTED|CORRECTION|EXCLUSIVE|FACTBOX|"
    r"ANALYSIS|BREAKINGVIEWS|URGENT|FLASH|BULLETIN|RPT|REPEAT|INSIGHT|"
    r"SPECIAL REPORT)(?:\s*\d+)?\s*[-:–—]\s*"
    r"|\((?:LEAD|URGENT|\d+(?:ST|ND|RD|TH) LEAD)\)\s*)",
    re.I,
)
_TAG = re.compile(r"\s*[-–—|]\s*(?:Reuters|AP|AFP|PTI|ANI|IANS|Xinhua|dpa)\s*$", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
# Short words that are plain English, not acronyms, when a headline shouts.
_SHORT_WORDS = frozenset(
    """
    a about an and are as at be but by can cut did do due end few for get got had
    has her him his hit how if in is it its key let low may new no nor not now of
    off oil old on one or our out own pay per put say see set she six so tax ten the
    to too top two up via vow war was way why win won yet aid bid gas law job age
    all any big day
    """.split()  # noqa: SIM905 - a word list reads best as prose
)


def clean(headline: str) -> str:
    text = " ".join(headline.split())
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    text = _TAG.sub("", text).strip()
    if _is_shouting(text):
        text = _sentence_case(text)
    return shorten(text)


def _is_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _sentence_case(text: str) -> str:
    def lower(match: re.Match[str]) -> str:
        word = match.group(0)
        # Short all-capital words are kept: they are usually acronyms (UN, WHO, IMF).
        if len(word.strip(".")) <= 3 and word.lower() not in _SHORT_WORDS:
            return word
        return word.lower()

    text = _WORD.sub(lower, text)
    return text[:1].upper() + text[1:]


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    """At most ``limit`` characters, cut between words."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    # One word longer than the limit has no boundary to cut at: cut it at the limit.
    cut = head.rsplit(" ", 1)[0] if " " in head else head[:limit]
    return cut.rstrip(" ,;:-–—")
