"""Reader query text → a safe, structured query that no database can choke on.

Readers type anything: quotes, FTS5 or tsquery operators, ``*``, ``NEAR(``, unbalanced
brackets, 10,000 characters, control characters, NUL. Nothing of that text reaches a
database as syntax: only runs of letters and digits survive, grouped into terms
(a word, or a "quoted phrase"), each optionally a prefix (``word*``). The backends
then write their own query language from these terms, quoting every word.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cache

MAX_CHARS = 500  # longer text is cut here, and the reader is told
MAX_TERMS = 12  # more words than this add cost and almost never precision
MAX_WORD = 64

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ue000-\uf8ff]")
_SEGMENT = re.compile(r'"([^"]*)"?|([^"]+)')


def _marks() -> str:
    """A character class of every combining mark: the vowel signs of Devanagari,
    Tamil and other scripts, accents written apart. The regular expressions' word
    class leaves them out, and without them "भारत" would fall apart into "भ" and
    "रत", which no index holds."""
    marks = [
        code
        for code in range(min(sys.maxunicode, 0x1FFFF) + 1)
        if unicodedata.category(chr(code)).startswith("M")
    ]
    spans: list[list[int]] = []
    for code in marks:
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in spans
    )


@cache
def _word() -> re.Pattern[str]:
    """A word (letters, digits and their combining marks) and an optional ``*``;
    built at the first search, not when every process imports this module."""
    return re.compile(rf"((?:[^\W_]|[{_marks()}])+)(\*?)")


@dataclass(frozen=True)
class Term:
    """One word or quoted phrase; ``prefix`` when the reader ended it with ``*``."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the cleaned text, safe to show back to the reader
    terms: tuple[Term, ...] = ()
    notices: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse(raw: str) -> ParsedQuery:
    """Read a reader's search text; never raises, whatever ``raw`` holds."""
    notices: list[str] = []
    text = _CONTROL.sub(" ", raw or "")
    text = " ".join(text.split())
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        notices.append(
            f"Your search was shortened to its first {MAX_CHARS} characters."
        )
    terms: list[Term] = []
    for quoted, plain in _SEGMENT.findall(text):
        if quoted:
            words = tuple(w[:MAX_WORD].lower() for w, _ in _word().findall(quoted))
            if words:
                terms.append(Term(words, prefix=quoted.rstrip().endswith("*")))
            continue
        for word, star in _word().findall(plain):
            terms.append(Term((word[:MAX_WORD].lower(),), prefix=bool(star)))
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notices.append(f"Only the first {MAX_TERMS} words were searched for.")
    return ParsedQuery(text=text, terms=tuple(terms), notices=tuple(notices))


def fts5_expression(query: ParsedQuery) -> str:
    """SQLite FTS5 MATCH text: every word inside double quotes (words hold none)."""
    parts = []
    for term in query.terms:
        phrase = '"' + " ".join(term.words) + '"'
        parts.append(phrase + ("*" if term.prefix else ""))
    return " ".join(parts)


def tsquery_expression(query: ParsedQuery) -> str:
    """PostgreSQL to_tsquery text: quoted lexemes, phrases with <->, AND between."""
    parts = []
    for term in query.terms:
        words = [f"'{w}'" for w in term.words]
        if term.prefix:
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


def words_expression(query: ParsedQuery) -> str:
    """``tsquery_expression`` without word order: every word of every term, ANDed.

    A GIN index answers it without reading the documents (a phrase needs each
    candidate's word positions), so it picks a phrase's candidates cheaply."""
    parts = []
    for term in query.terms:
        words = [f"'{w}'" for w in term.words]
        if term.prefix:
            words[-1] += ":*"
        parts.extend(words)
    return " & ".join(parts)
