"""The sector of a story: from its IPTC codes when it has them, else from its words.

Agencies that code their copy (IPTC Subject Codes, Media Topics) have already said
what a story is about, so their codes decide first. Most feeds carry none: then a
transparent lexicon of weighted phrases per sector (taxonomy/data/sector_keywords.txt)
scores the headline and body. Both tables are data, so a desk can read and change
them; the classifier itself is pure, deterministic and costs a few dictionary lookups
per word.

Rules, kept simple so they hold on any copy:
- a headline match counts ``HEADLINE_FACTOR`` times; one phrase counts at most
  ``PHRASE_CAP`` times in the body;
- the primary sector is the best-scoring one (ties go to the sector listed first);
- a secondary sector needs at least ``SECONDARY_SHARE`` of the primary's score and
  ``MIN_SCORE`` points, i.e. one strong word in the headline or a few in the body;
  at most ``MAX_SECONDARY`` are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from wiredesk.taxonomy import loading

HEADLINE_FACTOR = 3.0
PHRASE_CAP = 3
MIN_SCORE = 3.0
SECONDARY_SHARE = 0.5
MAX_SECONDARY = 2
BODY_WORDS = 400  # wire copy says what it is about early; the tail adds only noise
_WORD = re.compile(r"[a-z0-9]+")
# Lexicon words that are also a month in copy the desk receives: "3 mars" in a
# French dateline is March, not the planet. Beside a day of the month they name
# no sector.
MONTH_WORDS = frozenset({"mars"})


def _is_day(word: str) -> bool:
    return word.isdigit() and 1 <= int(word) <= 31


def _a_date(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a month word beside a day ("3 mars", "mars 3")."""
    return words[i] in MONTH_WORDS and any(
        0 <= j < len(words) and _is_day(words[j]) for j in (i - 1, i + 1)
    )


_SUBJECT = re.compile(r"^(subj|medtop):(\d{8})$")


@dataclass(frozen=True)
class SectorChoice:
    """The chosen sectors (slugs) and what decided them ("iptc", "text" or "")."""

    primary: str | None
    secondary: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Lexicon:
    """The lexicon ready for lookups: phrases as word tuples, and word prefixes."""

    phrases: dict[tuple[str, ...], tuple[tuple[str, float], ...]]
    prefixes: dict[str, tuple[tuple[str, float], ...]]
    longest: int
    order: dict[str, int]
    starters: frozenset[str] = frozenset()  # first words of multi-word phrases
    _words: dict[str, tuple[tuple[str, float], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(
        cls, entries: Iterable[tuple[str, float, str]], order: Sequence[str] = ()
    ) -> Lexicon:
        phrases: dict[tuple[str, ...], list[tuple[str, float]]] = {}
        prefixes: dict[str, list[tuple[str, float]]] = {}
        for sector, weight, phrase in entries:
            if phrase.endswith("*") and " " not in phrase:
                prefixes.setdefault(phrase[:-1], []).append((sector, weight))
            else:
                words = tuple(_WORD.findall(phrase.lower()))
                if words:
                    phrases.setdefault(words, []).append((sector, weight))
        return cls(
            phrases={k: tuple(v) for k, v in phrases.items()},
            prefixes={k: tuple(v) for k, v in prefixes.items()},
            longest=max((len(k) for k in phrases), default=1),
            order={slug: i for i, slug in enumerate(order)},
            starters=frozenset(k[0] for k in phrases if len(k) > 1),
        )

    def word_hits(self, word: str) -> tuple[tuple[str, float], ...]:
        """The sectors one word names, by exact entry or by its longest prefix entry."""
        known = self._words.get(word)
        if known is not None:
            return known
        found = self.phrases.get((word,), ())
        for end in range(len(word), 2, -1):
            if found:
                break
            found = self.prefixes.get(word[:end], ())
        if len(self._words) < 200_000:  # bounded: a feed of gibberish cannot grow it
            self._words[word] = found
        return found


@cache
def default_lexicon() -> Lexicon:
    """The shipped lexicon, sectors ordered as in taxonomy/data/sectors.txt."""
    return Lexicon.build(
        loading.sector_keywords(), [slug for slug, _ in loading.sector_rows()]
    )


def _matches(words: list[str], lexicon: Lexicon) -> list[tuple[str, ...]]:
    """Phrases found in ``words``, longest first at each position, not overlapping."""
    found = []
    i, n = 0, len(words)
    while i < n:
        sizes = range(min(lexicon.longest, n - i), 1, -1)
        if words[i] not in lexicon.starters:
            sizes = range(0)
        for size in sizes:
            key = tuple(words[i : i + size])
            if key in lexicon.phrases:
                found.append(key)
                i += size
                break
        else:
            if lexicon.word_hits(words[i]) and not _a_date(words, i):
                found.append((words[i],))
            i += 1
    return found


def _hits(key: tuple[str, ...], lexicon: Lexicon) -> tuple[tuple[str, float], ...]:
    return lexicon.phrases.get(key) or lexicon.word_hits(key[0])


def text_scores(
    headline: str, body: str, lexicon: Lexicon | None = None
) -> dict[str, float]:
    """Score of each sector named in the headline and the start of the body."""
    lexicon = lexicon or default_lexicon()
    scores: dict[str, float] = {}
    for key in _matches(_WORD.findall(headline.lower()), lexicon):
        for sector, weight in _hits(key, lexicon):
            scores[sector] = scores.get(sector, 0.0) + weight * HEADLINE_FACTOR
    seen: dict[tuple[str, ...], int] = {}
    # Cut the text before splitting it: ten characters a word is a generous bound.
    body_words = _WORD.findall(body[: BODY_WORDS * 10].lower())[:BODY_WORDS]
    for key in _matches(body_words, lexicon):
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > PHRASE_CAP:
            continue
        for sector, weight in _hits(key, lexicon):
            scores[sector] = scores.get(sector, 0.0) + weight
    return scores


def iptc_scores(
    subjects: Iterable[str], table: dict[str, str] | None = None
) -> dict[str, float]:
    """Sectors named by IPTC codes, in order of first mention, each scored 2 when a
    code below the top level names it and 1 for a top level only: "energy and
    resource" outranks the broad "economy, business and finance". A sector counts
    once however many codes of its branch are listed, so agencies that list a
    branch's every level do not outvote their own first subject.
    """
    table = loading.iptc_sectors() if table is None else table
    scores: dict[str, float] = {}
    for subject in subjects:
        match = _SUBJECT.match(subject.strip())
        if not match:
            continue
        scheme, number = match.groups()
        for code in _code_and_parents(scheme, number):
            if code in table:
                sector = table[code]
                if sector:
                    vote = 1.0 if code.endswith("000000") else 2.0
                    scores[sector] = max(scores.get(sector, 0.0), vote)
                break
    return scores


def _code_and_parents(scheme: str, number: str) -> list[str]:
    """A Subject Code and its parents (04005004, 04005000, 04000000); Media Topic
    numbers carry no hierarchy, so only the code itself."""
    if scheme == "medtop":
        return [f"medtop:{number}"]
    return list(
        dict.fromkeys(
            f"subj:{n}" for n in (number, number[:5] + "000", number[:2] + "000000")
        )
    )


def _ranked(scores: dict[str, float], order: dict[str, int]) -> list[tuple[str, float]]:
    return sorted(
        scores.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0])
    )


def classify(
    headline: str,
    body: str,
    subjects: Iterable[str] = (),
    *,
    allowed: Iterable[str] | None = None,
    lexicon: Lexicon | None = None,
    iptc_table: dict[str, str] | None = None,
) -> SectorChoice:
    """The primary and secondary sectors of a story.

    ``allowed`` limits the answer to the sectors the desk has (an editor may have
    removed one in the admin).
    """
    lexicon = lexicon or default_lexicon()
    keep = set(allowed) if allowed is not None else None

    def usable(scores: dict[str, float]) -> list[tuple[str, float]]:
        ranked = _ranked(scores, lexicon.order)
        return [(s, v) for s, v in ranked if v > 0 and (keep is None or s in keep)]

    coded = sorted(  # stable: equal scores keep the agency's order
        (kv for kv in iptc_scores(subjects, iptc_table).items() if kv[0] in keep)
        if keep is not None
        else iptc_scores(subjects, iptc_table).items(),
        key=lambda kv: -kv[1],
    )
    texted = usable(text_scores(headline, body, lexicon))
    if coded:
        primary = coded[0][0]
        # Other coded sectors first, then what the text says strongly.
        others = [s for s, _ in coded[1:]]
        others += [s for s, v in texted if v >= MIN_SCORE and s not in others]
        others = [s for s in others if s != primary]
        return SectorChoice(primary, tuple(others[:MAX_SECONDARY]), "iptc")
    if not texted:
        return SectorChoice(None)
    primary, top = texted[0]
    floor = max(MIN_SCORE, top * SECONDARY_SHARE)
    secondary = tuple(s for s, v in texted[1:] if v >= floor)[:MAX_SECONDARY]
    return SectorChoice(primary, secondary, "text")
