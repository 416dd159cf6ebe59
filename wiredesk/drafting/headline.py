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
        if len(word.strip(".")) <= 3:
            return word
        return word.lower()

    text = _WORD.sub(lower, text)
    return text[:1].upper() + text[1:]


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    """At most ``limit`` characters, cut between words."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return cut
