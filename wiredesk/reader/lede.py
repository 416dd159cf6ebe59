"""The body as shown under a standfirst that already tells its opening.

An extractive standfirst usually opens with the agency's lede, so an article page
printed the same sentence twice, one above the other. Readers of a news site see
the lede once: a leading paragraph whose words the standfirst holds, in order and
whole, is left out of the body shown (its dateline, which the meta line gives, is
ignored). The stored body is untouched: editors, feeds and structured data keep it.
"""

from __future__ import annotations

import re

from wiredesk.ingest.sanitise import html_to_text

# A leading paragraph of sanitised HTML (nh3 leaves no unclosed <p>).
_FIRST_PARAGRAPH = re.compile(r"\A\s*<p\b[^>]*>(.*?)</p>\s*", re.S | re.I)
# Words, and figures whole ("31,000" is not "31", "2.5" not "2").
_WORD = re.compile(r"\d[\d,.]*\d|\w+")
_BRACKETED = re.compile(r"\([^)]*\)")
# A dateline's end: "ACCRA, Nov 26 (Meridian) -", "NEW DELHI (PTI) —", AP's "_".
# Read here by its separator alone: the drafting gazetteer would cost a web
# process seconds and some 90 MB on its first page.
_DATELINE = re.compile(r"\A[^\n]{0,80}?\s(?:-{1,2}|[–—_])\s+")
# Leading paragraphs looked at: a lede runs to one or two.
MAX_PARAGRAPHS = 2
DATELINE_WORDS = 10


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _within(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` occurs in ``whole`` as a run of consecutive words."""
    n = len(part)
    return any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def _is_dateline(opening: str) -> bool:
    """A short opening of capitalised words and figures, an agency in brackets
    ("ACCRA, Nov 26 (Meridian) -", "Binghamton, New York —"): a clause ending in a
    dash ("Prices fell on Monday, traders said -") has words in lower case."""
    words = _BRACKETED.sub(" ", opening).split()
    words = [w.strip(",.-–—_") for w in words]
    words = [w for w in words if w]
    return 0 < len(words) <= DATELINE_WORDS and all(
        w[0].isupper() or w[0].isdigit() for w in words
    )


def _told(paragraph: str, told: list[str]) -> bool:
    """Whether the standfirst holds the paragraph, whole or after its dateline."""
    words = _words(paragraph)
    if words and _within(words, told):
        return True
    head = _DATELINE.match(paragraph)
    if head is None or not _is_dateline(head.group()):
        return False
    words = _words(paragraph[head.end() :])
    return bool(words) and _within(words, told)


def body_after_standfirst(body_html: str, standfirst: str) -> str:
    """``body_html`` without the leading paragraphs the standfirst already tells.

    A paragraph goes only when all of its words (after any dateline) stand in the
    standfirst in the same order; a standfirst that reworded it, named a speaker
    in full or cut it short leaves it in place. The body is never emptied.
    """
    told = _words(standfirst)
    if not told or not body_html:
        return body_html
    rest = body_html
    for _ in range(MAX_PARAGRAPHS):
        found = _FIRST_PARAGRAPH.match(rest)
        if found is None:
            break
        if not _told(html_to_text(found.group(1)), told):
            break
        after = rest[found.end() :]
        if not html_to_text(after).strip():
            break  # the standfirst is the whole story: keep the body
        rest = after
    return rest
