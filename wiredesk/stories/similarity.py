"""Fingerprints of news text and how well an item fits a story: pure, no database.

Cross-agency copies of one event share few phrases but the same who, where and when:
names of people, organisations and places, figures, years and months. Those terms
weigh more than ordinary words, and every term is weighted by how rare it is among
the items stored so far (an inverse document frequency kept in the database by
``clustering``; here it is just a mapping passed in). Two floods in different
countries (same vocabulary, other names and figures) then score low, while two
agencies' takes on one flood score high.

A story is kept as a :class:`StoryProfile`: the sum of its items' weighted vectors
and, per term, how many of its items use it. A :class:`Scorer` turns an item's
vector and a profile into one number compared with the scorer's threshold; scorers
are looked up by name in :data:`SCORERS`, so another one (an embedding model, say)
can be added without touching the clustering code.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

NAME_WEIGHT = 3.0
ENTITY_WEIGHT = 2.0  # figures, years, months
WORD_WEIGHT = 1.0
HEADLINE_BOOST = 1.5
LEAD_WORDS = 300
PROFILE_TERMS = 400  # a story keeps at most this many terms, the heaviest

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
_MONTH_NAMES = """
    january february march april may june july august september october november
    december
""".split()  # noqa: SIM905 - a word list reads best as prose
MONTHS = {
    name: number
    for number, month in enumerate(_MONTH_NAMES, 1)
    for name in (month, month[:3])
}
MONTHS["sept"] = 9
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_TOKEN = re.compile(r"\$?\d[\d,.]*%?|[A-Za-z][A-Za-z'’-]*")
_AGENCY_TAG = re.compile(r"^[A-Z][^()\n]{0,60}?\((?:[A-Z][\w ]{1,30})\)\s*[-–—]+\s*")

# Term prefixes: "@name", "#figure", "y2013" (year), "m5" (month); words are bare.
KIND_WEIGHTS = {"name": NAME_WEIGHT, "figure": ENTITY_WEIGHT, "when": ENTITY_WEIGHT}


def kind(term: str) -> str:
    """ "name", "figure", "when" (a year or month) or "word"."""
    if term.startswith("@"):
        return "name"
    if term.startswith("#"):
        return "figure"
    if term[:1] in ("y", "m") and term[1:].isdigit():
        return "when"
    return "word"


def _number(token: str) -> str | None:
    digits = token.strip("$%").replace(",", "").rstrip(".")
    try:
        value = float(digits)
    except ValueError:
        return None
    if 1900 <= value <= 2100 and "." not in digits and not token.endswith("%"):
        return f"y{int(value)}"  # a year says when
    if value < 10:
        return None  # small counts say little about which event it is
    return f"#{value:g}"


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _is_capitalised(token: str) -> bool:
    return token[0].isupper()


def _sentence_terms(sentence: str, names: set[str], terms: Counter) -> None:
    tokens = _TOKEN.findall(sentence)
    for position, token in enumerate(tokens):
        if token[0].isdigit() or token[0] == "$":
            number = _number(token)
            if number:
                terms[number] += 1
            continue
        lower = token.lower().replace("’", "'").removesuffix("'s")
        if lower in MONTHS and _is_capitalised(token):
            terms[f"m{MONTHS[lower]}"] += 1
            continue
        if lower in STOPWORDS or len(lower) < 3:
            continue
        # A capital that does not start the sentence marks a name; at the start of a
        # sentence, a word the text capitalises elsewhere, or the first of several
        # capitalised words ("Tara Reid has ..."), is a name too.
        follows = position + 1 < len(tokens) and _is_capitalised(tokens[position + 1])
        if _is_capitalised(token) and (position > 0 or follows or lower in names):
            terms[f"@{lower}"] += 1
        else:
            terms[_stem(lower)] += 1


def terms(headline: str, text: str) -> Counter:
    """Raw term counts of a headline (counted 1.5 times) and the lead of its text."""
    lead = " ".join(_AGENCY_TAG.sub("", text.strip()).split()[:LEAD_WORDS])
    sentences = [s for s in _SENTENCE.split(lead) if s]
    names: set[str] = set()
    for sentence in [headline, *sentences]:
        tokens = _TOKEN.findall(sentence)
        names.update(t.lower() for t in tokens[1:] if t[0].isalpha() and t[0].isupper())
    found: Counter = Counter()
    head: Counter = Counter()
    _sentence_terms(headline, names, head)
    for term, count in head.items():
        found[term] += count * HEADLINE_BOOST
    for sentence in sentences:
        _sentence_terms(sentence, names, found)
    return found


def weigh(counts: Mapping[str, float], idf: Mapping[str, float] | None = None):
    """Unit-length vector: damped count × kind weight × rarity (``idf``, default 1)."""
    weights: dict[str, float] = {}
    for term, count in counts.items():
        if count <= 0:
            continue
        rarity = 1.0 if idf is None else idf.get(term, 1.0)
        weight = (1 + math.log(count)) * KIND_WEIGHTS.get(kind(term), WORD_WEIGHT)
        if weight * rarity > 0:
            weights[term] = weight * rarity
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: round(w / norm, 6) for term, w in weights.items()}


def fingerprint(
    headline: str, text: str, idf: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Weighted terms of a headline and the lead of its text, normalised to length 1."""
    return weigh(terms(headline, text), idf)


def similarity(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two unit-length fingerprints (0 to 1)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def merge(a: Mapping[str, float], b: Mapping[str, float]) -> dict[str, float]:
    """The normalised sum of two fingerprints."""
    summed = Counter(a)
    summed.update(b)
    norm = math.sqrt(sum(w * w for w in summed.values())) or 1.0
    return {term: round(w / norm, 6) for term, w in summed.items()}


def top_terms(fp: Mapping[str, float], count: int = 12) -> list[str]:
    """The most telling terms, used as database keys to find candidate stories."""
    return [t for t, _ in sorted(fp.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


# -- stories -------------------------------------------------------------------------


@dataclass
class StoryProfile:
    """What a story is known by: its items' summed vectors and term counts."""

    items: int = 0
    total: dict[str, float] = field(default_factory=dict)  # sum of item vectors
    counts: dict[str, int] = field(default_factory=dict)  # items using each term

    @classmethod
    def from_json(cls, data: Mapping) -> StoryProfile:
        if not data:
            return cls()
        if "total" not in data:  # a fingerprint stored before profiles existed
            return cls(1, dict(data), dict.fromkeys(data, 1))
        return cls(int(data["items"]), dict(data["total"]), dict(data["counts"]))

    def as_json(self) -> dict:
        return {"items": self.items, "total": self.total, "counts": self.counts}

    def add(self, vector: Mapping[str, float], *, new_item: bool = True) -> None:
        """Fold in an item's vector; a later version adds weight but is no new item."""
        total = Counter(self.total)
        total.update(vector)
        if new_item:
            self.items += 1
            counts = Counter(self.counts)
            counts.update(vector.keys())
        else:
            counts = Counter(self.counts)
        kept = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE_TERMS]
        self.total = {term: round(w, 6) for term, w in kept}
        self.counts = {term: counts.get(term, 1) for term in self.total}

    def centroid(self) -> dict[str, float]:
        norm = math.sqrt(sum(w * w for w in self.total.values())) or 1.0
        return {term: w / norm for term, w in self.total.items()}

    def core(self) -> dict[str, float]:
        """Names, figures and dates that at least half of the story's items use."""
        return {
            term: weight
            for term, weight in self.total.items()
            if kind(term) != "word" and 2 * self.counts.get(term, 0) >= self.items
        }


def coverage(vector: Mapping[str, float], profile: StoryProfile) -> float:
    """Share of the story's core (by weight) that the item also names (0 to 1)."""
    core = profile.core()
    mass = sum(core.values())
    if not mass:
        return 0.0
    return sum(w for term, w in core.items() if term in vector) / mass


class Scorer(Protocol):
    """Scores an item's vector against a story profile; joins at ``threshold``."""

    name: str
    threshold: float

    def score(self, vector: Mapping[str, float], profile: StoryProfile) -> float: ...


@dataclass(frozen=True)
class CentroidScorer:
    """Cosine with the story's centroid: topical likeness alone."""

    name: str = "centroid"
    threshold: float = 0.25

    def score(self, vector: Mapping[str, float], profile: StoryProfile) -> float:
        return similarity(vector, profile.centroid())


@dataclass(frozen=True)
class EntityAgreementScorer:
    """Geometric mean of centroid cosine and the item's coverage of the story's core.

    Two events of one kind (two earthquakes, two rehab admissions) share words and
    often a name or two, so the cosine alone joins them. The story's core -- the
    names, figures and dates most of its items carry -- must also be found in the
    new item: an item naming the same country but another town, year or person
    covers little of it and scores low.
    """

    name: str = "entity-agreement"
    threshold: float = 0.25

    def score(self, vector: Mapping[str, float], profile: StoryProfile) -> float:
        cosine = similarity(vector, profile.centroid())
        return math.sqrt(max(cosine, 0.0) * coverage(vector, profile))


SCORERS: dict[str, Scorer] = {
    scorer.name: scorer for scorer in (EntityAgreementScorer(), CentroidScorer())
}
DEFAULT_SCORER = "entity-agreement"
