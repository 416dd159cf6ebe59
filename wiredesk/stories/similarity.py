"""Fingerprints of news text and their similarity: pure functions, no database.

Cross-agency copies of one event share few phrases but the same who, where and how
many: names of people, organisations and places, and figures. Those terms weigh
more than ordinary words, so two floods in different countries (same vocabulary,
other names and figures) score low while two agencies' takes on one flood score high.
"""

from __future__ import annotations

import math
import re
from collections import Counter

NAME_WEIGHT = 3.0
NUMBER_WEIGHT = 2.0
WORD_WEIGHT = 1.0
HEADLINE_BOOST = 1.5
LEAD_WORDS = 150

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because
    been before being below between both but by can could did do does doing down
    during each few for from further had has have having he her here hers him his
    how i if in into is it its itself just last me more most my no nor not now of
    off on once only or other our out over own said same says she should so some
    such than that the their them then there these they this those through to too
    under until up very was we were what when where which while who whom why will
    with would you your year years new one two three four five six seven eight nine
    ten per cent percent told monday tuesday wednesday thursday friday saturday
    sunday week according million mln billion bln thousand people government
    official officials reuters ap afp update
    """.split()  # noqa: SIM905 - a word list reads best as prose
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_TOKEN = re.compile(r"\$?\d[\d,.]*%?|[A-Za-z][A-Za-z'’-]*")
_AGENCY_TAG = re.compile(r"^[A-Z][^()\n]{0,60}?\((?:[A-Z][\w ]{1,30})\)\s*[-–—]+\s*")


def _number(token: str) -> str | None:
    digits = token.strip("$%").replace(",", "").rstrip(".")
    try:
        value = float(digits)
    except ValueError:
        return None
    if value < 10 or (1900 <= value <= 2100 and "." not in digits):
        return None  # small counts and years say little about which event it is
    return f"#{value:g}"


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _sentence_terms(sentence: str) -> Counter:
    terms: Counter = Counter()
    tokens = _TOKEN.findall(sentence)
    for position, token in enumerate(tokens):
        if token[0].isdigit() or token[0] == "$":
            number = _number(token)
            if number:
                terms[number] += NUMBER_WEIGHT
            continue
        lower = token.lower()
        if lower in STOPWORDS or len(lower) < 3:
            continue
        # A capital that is not the sentence's first word marks a name.
        if token[0].isupper() and position > 0:
            terms[f"@{lower}"] += NAME_WEIGHT
        else:
            terms[_stem(lower)] += WORD_WEIGHT
    return terms


def fingerprint(headline: str, text: str) -> dict[str, float]:
    """Weighted terms of a headline and the lead of its text, normalised to length 1."""
    lead = " ".join(_AGENCY_TAG.sub("", text.strip()).split()[:LEAD_WORDS])
    terms: Counter = Counter()
    for term, weight in _sentence_terms(headline).items():
        terms[term] += weight * HEADLINE_BOOST
    for sentence in _SENTENCE.split(lead):
        terms.update(_sentence_terms(sentence))
    # Damp repetition: a name said five times is not five times as telling.
    damped = {term: 1 + math.log(weight) for term, weight in terms.items() if weight}
    norm = math.sqrt(sum(w * w for w in damped.values())) or 1.0
    return {term: round(w / norm, 6) for term, w in damped.items()}


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two fingerprints (0 to 1)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def merge(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    """The fingerprint of a story that gained an item: the normalised sum."""
    summed = Counter(a)
    summed.update(b)
    norm = math.sqrt(sum(w * w for w in summed.values())) or 1.0
    return {term: round(w / norm, 6) for term, w in summed.items()}


def top_terms(fp: dict[str, float], count: int = 12) -> list[str]:
    """The most telling terms, used as database keys to find candidate stories."""
    return [t for t, _ in sorted(fp.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]
