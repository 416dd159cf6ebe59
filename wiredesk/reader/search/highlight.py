"""Snippets for PostgreSQL, made in Python from the page's own texts.

``ts_headline`` runs the text search parser over all the text it is given (about
0.5 µs a character here: 4–5 ms of the server's CPU for a page of 20, on ~500
characters each), where a page needs only its few matched words marked. Here the
words that may match are found by one regular expression (a word starting like a
query lexeme, accents ignored), and each such word is confirmed by stemming it as
the index's configuration does (Snowball, the same stemmers PostgreSQL's built-in
configurations use; ``snowballstemmer``) and comparing it with the query's
lexemes as PostgreSQL parsed them. Stems are remembered, so a page costs a few
regular-expression passes and dictionary look-ups.

What is shown: the headline with every matched word marked, and a passage of at
most ``MAX_WORDS`` whole words of the body starting ``WORDS_BEFORE`` words before
its first match (the body's start when the body never names the words, e.g. a
headline-only match).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

import snowballstemmer

MAX_WORDS = 35  # as ts_headline's MaxWords (and about SQLite's 32 tokens)
WORDS_BEFORE = 8  # context before the first match
BODY_CHARS = 50_000  # bodies are read up to here (a match further on is not shown)
_LEXEME = re.compile(r"'((?:[^']|'')+)'(:\*)?")
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=64)
def _stemmer(config: str) -> Callable[[str], str] | None:
    """The Snowball stemmer of a PostgreSQL configuration (they share names:
    ``language.PG_CONFIGS``); None for "simple" and any other without one."""
    if config in snowballstemmer.algorithms():
        return snowballstemmer.stemmer(config).stemWord
    return None


@lru_cache(maxsize=100_000)
def stem(config: str, word: str) -> str:
    """``word`` as the configuration's dictionary writes it: lower case, stemmed.
    (Python lowers the Turkish "İ" to "i" plus a combining dot; PostgreSQL to "i".)"""
    low = word.lower().replace("i\u0307", "i")
    stemmer = _stemmer(config)
    return stemmer(low) if stemmer else low


def _fold(text: str) -> str:
    """Lower case without accents ("Häuser" → "hauser"), for the first guess only."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Each base letter → itself and the accented letters that fold to it."""
    found: dict[str, set[str]] = {}
    # Latin, Greek and Cyrillic with their extensions ("ά" → "α", "й" → "и").
    for code in (*range(0xC0, 0x530), *range(0x1E00, 0x2000)):
        char = chr(code)
        base = _fold(char)
        if len(base) == 1 and base != char.lower():
            found.setdefault(base, {base}).update({char, char.lower()})
    return {base: "".join(sorted(chars)) for base, chars in found.items()}


def lexemes(tsquery_text: str) -> list[tuple[str, bool]]:
    """(lexeme, is a prefix) of a tsquery as PostgreSQL prints it."""
    return [
        (text.replace("''", "'"), bool(star))
        for text, star in _LEXEME.findall(tsquery_text)
    ]


def _guess(head: str, variants: dict[str, str]) -> str:
    """A pattern for the text's spellings of ``head``: any accent on a letter, and
    "ß" where the stemmer wrote "ss" (German)."""
    parts, at = [], 0
    while at < len(head):
        if head.startswith("ss", at):
            parts.append("(?:ss|ß)")
            at += 2
            continue
        char = head[at]
        parts.append(
            f"[{re.escape(variants[char])}]" if char in variants else re.escape(char)
        )
        at += 1
    return "".join(parts)


class Marker:
    """Marks the words of one query in texts (one instance per page)."""

    def __init__(
        self, config: str, terms: list[tuple[str, bool]], start: str, end: str
    ):
        self.config = config
        self.exact = {lex for lex, prefix in terms if not prefix}
        self.prefixes = tuple(lex for lex, prefix in terms if prefix)
        self.start, self.end = start, end
        variants = _variants()
        guesses = set()
        for lex, _ in terms:
            # A stem may change the word's last letter ("city" → "citi"), so the
            # guess is the lexeme less its last letter (its first for short ones).
            head = _fold(lex)[: max(1, len(lex) - 1)]
            guesses.add(_guess(head, variants))
        heads = "(?:" + "|".join(sorted(guesses)) + r")[^\W_]*"
        self.pattern = (
            re.compile(r"(?<![^\W_])" + heads, re.IGNORECASE) if guesses else None
        )
        # For scanning a whole body: lower case text, and a pattern that starts
        # with its letters (no look-behind, no IGNORECASE), which the regular
        # expression engine scans for several times faster.
        self.scan = re.compile(heads) if guesses else None

    def matches(self, word: str) -> bool:
        stemmed = stem(self.config, word)
        return stemmed in self.exact or (
            bool(self.prefixes) and stemmed.startswith(self.prefixes)
        )

    def found(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each matched word of ``text``, in order."""
        if self.pattern is None or self.scan is None:
            return
        low = text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer
            guesses = self.pattern.finditer(text)
        else:
            guesses = (
                m
                for m in self.scan.finditer(low)
                if not m.start() or not _WORD.match(low, m.start() - 1)
            )
        for guess in guesses:
            start, end = guess.span()
            if self.matches(text[start:end]):
                yield start, end

    def mark(self, text: str) -> str:
        """``text`` with every matched word between the markers."""
        parts, done = [], 0
        for start, end in self.found(text):
            parts += [text[done:start], self.start, text[start:end], self.end]
            done = end
        return "".join(parts) + text[done:] if parts else text

    def first(self, text: str) -> int | None:
        """Where the first matched word of ``text`` starts, or None."""
        return next((start for start, _ in self.found(text)), None)

    def passage(self, body: str) -> str:
        """At most MAX_WORDS whole words of ``body`` from WORDS_BEFORE words before
        its first match (from its start without one), matches marked. The body's
        words are single-spaced (``index.py``)."""
        at = self.first(body)
        start = 0
        if at is not None:
            start = body.rfind(" ", 0, at) + 1  # the first match's word
            for _ in range(WORDS_BEFORE):
                if not start:
                    break
                start = body.rfind(" ", 0, start - 1) + 1
        return self.mark(" ".join(body[start:].split(" ", MAX_WORDS)[:MAX_WORDS]))
