"""Is a rewritten headline and standfirst grounded in the source items?

A model asked to rewrite copy may add what the copy never said: a figure, a name, a
place. Whatever it mentions must therefore occur in the source items:

- every number, compared as a value: "1,000" = "1000", "3.50" = "3.5", "three" =
  "3" (spelt-out numbers up to ninety-nine), and with its scale: "$1.2bn" = "$1.2
  billion" = "1,200,000,000", which is not "$1.2 million". A bare "m" or "k"
  after a number is a scale only after a currency sign ("$5m"); elsewhere ("100m")
  either reading may match;
- every capitalised word and acronym, compared without case, accents, dots or
  possessives ("Ghana's" = "Ghana", "U.N." = "UN"); an acronym may also stand for
  capitalised words of the source ("EIA" for "Energy Information Administration").
  A word opening a sentence (a headline's first word, any word after a full stop,
  colon, semicolon or dash) is capitalised whatever it is, so there it may also be
  a common word
  (``data/common_words.txt``: "Officials", "Sluggish") or a source word in another
  inflection ("Rates" for "rate"); a name there is checked like any other ("Putin
  orders cut" is refused when no source names Putin);
- every place as a whole phrase: a country may be called by another of its names
  ("Britain" for "the United Kingdom", "Ghanaian" for "Ghana") when the source
  names that country, its capital or a region of it, but "North Korea" is not in a
  South Korea story that says "from the north", nor "Sudan" in a South Sudan one;
  a city or region must be in the source as written.

A word that is both a common word and a name ("Trump", "Brown" and "May" are not
in the list; "Rose", "Bill" and "Will" are) passes when it opens a sentence.

The check is deliberately strict: a false alarm costs only the default draft, a
missed invention costs the desk's trust. It is plain text work, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

import snowballstemmer

from wiredesk.drafting import headline as headline_rules
from wiredesk.drafting.backends import DraftText
from wiredesk.drafting.countries import _words

COMMON_WORDS_FILE = Path(__file__).resolve().parent / "data" / "common_words.txt"

# A word: letters, with inner apostrophes, dots or hyphens ("O'Neill", "U.S",
# "Kremlin-backed"); digits belong to numbers (``quantities``).
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
_POSSESSIVE = re.compile(r"['’][sS]?$")
# What may stand between the end of one sentence and the first word of the next.
_OPENERS = "\"'“‘([«"
_SENTENCE_END = ".!?:;—–"
_UNIT_WORDS = """zero one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen"""
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS = _UNIT_WORDS.split()
_TENS = _TEN_WORDS.split()
# Words that multiply the number before them ("1.2 billion", "$5bn", "two dozen").
_SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1000,
    "lakh": 10**5,
    "lakhs": 10**5,
    "crore": 10**7,
    "crores": 10**7,
    "million": 10**6,
    "mln": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bln": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "trn": 10**12,
    "tn": 10**12,
}
# Scales written glued to figures that also stand for units ("100m" race, "5k" run).
_UNSURE_SCALES = {"m": 10**6, "k": 1000}
# A figure as copy writes it: "31", "1,412", "1.3", "1.000.000" (the standfirst's
# update rule reads figures with it too).
FIGURE = r"\d+(?:[.,]\d+)*"
# A figure with what may follow it, or a word (a spelt number, a scale, anything).
_QUANTITY = re.compile(
    rf"(?P<figure>{FIGURE})(?P<glued>[a-zA-Z]{{1,3}}(?![\w]))?"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)?)"
)


# "one" is a pronoun as often as a number: "one of the biggest", "no one".
_ONE_PRONOUN_AFTER = _words("of another who whose that which")
_ONE_PRONOUN_BEFORE = _words("no any every each some the this that which")
# Sentence openers that are no facts, besides the common-word list: pronouns in
# contracted form (forms of address are in ``_ADDRESS``).
_OPENING_WORDS = _words(
    """i'm i've i'd i'll we're we've we'll you're they're they've they'll it'll
    he'll she'll that'll there'll don't doesn't didn't won't can't couldn't
    wouldn't shouldn't isn't aren't wasn't weren't hasn't haven't hadn't
    """
)
# Forms of address are no facts anywhere.
_ADDRESS = frozenset({"mr", "mrs", "ms"})
# Country evidence that may stand in for another name of the same country: the
# source's names, demonyms, capitals, states and regions (a capital-only dateline
# "ACCRA" lets a rewrite say "Ghana"; a big city does not, being often a surname).
_COUNTRY_KINDS = ("name", "demonym")
_SOURCE_KINDS = ("name", "demonym", "capital", "state", "place")
# A run of capitalised words, small joining words allowed inside ("Bank of
# Ghana"), whose initials a rewrite may use as an acronym.
_JOINING = frozenset({"of", "the", "for", "de", "&"})
_NAME_RUN = re.compile(
    r"[A-Z][\w’'.]*(?:(?:\s+(?:of|the|for|de|&))*[\s-]+[A-Z][\w’'.]*)+"
)
# Words in capitals, as in a dateline ("ACCRA", "SAO PAULO") or an old headline,
# also inside a sentence ("the bank in ACCRA said").
_CAPITALS_RUN = re.compile(
    r"(?<![^\W\d_])[A-ZÀ-ÖØ-Þ]{2,}(?: [A-ZÀ-ÖØ-Þ]{2,})*(?![^\W\d_])"
)
_STEM = snowballstemmer.stemmer("english").stemWord


def _fold(text: str) -> str:
    """Lower case without accents: "São" = "Sao"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def number_value(raw: str) -> str:
    """A number's value as text: "1,000" -> "1000", "3.50" -> "3.5", "7.0" -> "7".

    A comma followed by exactly three digits groups thousands; any other comma is
    a decimal comma ("3,5").
    """
    groups = raw.split(",")
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:] if "." not in g):
        raw = "".join(groups)
    else:
        raw = raw.replace(",", ".")
    if raw.count(".") > 1:  # "1.000.000": dots grouping thousands
        raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return raw
    return _text(value)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _scaled(value: str, scale: int) -> str:
    try:
        return _text(Decimal(value) * scale)
    except InvalidOperation:
        return value


@cache
def _spelt_numbers() -> dict[str, str]:
    """ "three" -> "3", "forty-two" -> "42": numbers a wire may spell out."""
    words = {word: str(n) for n, word in enumerate(_UNITS)}
    for index, tens in enumerate(_TENS):
        value = (index + 2) * 10
        words[tens] = str(value)
        for unit in range(1, 10):
            words[f"{tens}-{_UNITS[unit]}"] = str(value + unit)
    return words


class Quantity(NamedTuple):
    """A number in a text as written, and the values it may have (two when a glued
    "m" may be a scale or a unit: "100m")."""

    raw: str
    values: frozenset[str]


def _is_money(text: str, start: int) -> bool:
    """Does a currency sign stand just before ``start`` ("$5m", "£ 5m")?"""
    before = text[max(0, start - 2) : start].rstrip()
    return bool(before) and unicodedata.category(before[-1]) == "Sc"


def quantities(text: str) -> list[Quantity]:
    """The numbers of ``text`` with their scales: figures ("1,000", "$1.2bn"),
    spelt numbers ("seven", "twenty two", "two-year") and a scale word after either
    ("1.2 billion", "a million", "two dozen")."""
    spelt = _spelt_numbers()
    tokens = list(_QUANTITY.finditer(text))
    found: list[Quantity] = []
    index = 0
    while index < len(tokens):
        match = tokens[index]
        index += 1
        start = match.start()
        if figure := match.group("figure"):
            value = number_value(figure)
            glued = (match.group("glued") or "").lower()
            if glued in _SCALES:
                scaled = _scaled(value, _SCALES[glued])
                found.append(Quantity(match.group(), frozenset({scaled})))
                continue
            if glued in _UNSURE_SCALES:
                scaled = _scaled(value, _UNSURE_SCALES[glued])
                values = {scaled} if _is_money(text, start) else {value, scaled}
                found.append(Quantity(match.group(), frozenset(values)))
                continue
            end = start + len(figure)
        else:
            word = match.group("word").lower()
            head = word.split("-")[0]
            if word in spelt:
                value, end = spelt[word], match.end()
            elif head in spelt and head != "one":  # "two-year"; not "one-off"
                value, end = spelt[head], start + len(head)
            elif word in ("a", "an"):
                value, end = "1", match.end()  # counts only before a scale
            else:
                continue
            if word == "one" and _pronoun(tokens, index - 1):
                continue
            if word in _TENS and index < len(tokens):  # "twenty two"
                unit = (tokens[index].group("word") or "").lower()
                if unit in _UNITS[1:10] and text[end : tokens[index].start()].isspace():
                    value = str(int(value) + _UNITS.index(unit))
                    end = tokens[index].end()
                    index += 1
        if index < len(tokens) and end == tokens[index - 1].end():
            # "1.2 billion", "a million", "1.2-billion-dollar"
            scale = (tokens[index].group("word") or "").lower().split("-")[0]
            between = text[end : tokens[index].start()]
            if scale in _SCALES and (between.isspace() or between.strip() == "-"):
                end = tokens[index].start() + len(scale)
                index += 1
                scaled = _scaled(value, _SCALES[scale])
                found.append(Quantity(text[start:end], frozenset({scaled})))
                continue
        if match.group("word") and match.group("word").lower() in ("a", "an"):
            continue
        found.append(Quantity(text[start:end], frozenset({value})))
    return found


def _pronoun(tokens: list[re.Match[str]], index: int) -> bool:
    """Is the "one" at ``index`` a pronoun ("one of", "no one")?"""
    after = tokens[index + 1].group().lower() if index + 1 < len(tokens) else ""
    before = tokens[index - 1].group().lower() if index else ""
    return after in _ONE_PRONOUN_AFTER or before in _ONE_PRONOUN_BEFORE


def numbers(text: str) -> set[str]:
    """The values of the numbers in ``text``, figures and spelt-out words alike,
    scaled: "$1.2 billion" gives 1200000000 only (so a "1.2" or a "$1.2 million"
    elsewhere is not taken from it)."""
    found: set[str] = set()
    for quantity in quantities(text):
        found |= quantity.values
    return found


@cache
def common_words() -> frozenset[str]:
    """Words that news copy writes in lower case (``COMMON_WORDS_FILE``), with
    their stems: a sentence may open with any of them."""
    words = {
        line.strip()
        for line in COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(words | {_STEM(word) for word in words} | _OPENING_WORDS)


def word_key(word: str) -> str:
    """How a word is compared: folded, without dots or a possessive."""
    word = _POSSESSIVE.sub("", word.rstrip("."))
    return _fold(word.replace(".", ""))


def source_words(texts: Iterable[str]) -> set[str]:
    """Every word of the sources as ``word_key`` gives it, whole and by hyphen parts."""
    keys: set[str] = set()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group()
            keys.add(word_key(word))
            if "-" in word:
                keys.update(word_key(part) for part in word.split("-"))
    keys.discard("")
    return keys


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip().rstrip(_OPENERS).rstrip()
    return not before or before[-1] in _SENTENCE_END


class Name(NamedTuple):
    """A capitalised word or an acronym of a text, and whether it opens a sentence
    (where any word is capitalised)."""

    start: int
    word: str
    opens: bool


def names(text: str) -> list[Name]:
    """The capitalised words and acronyms of ``text``, wherever they stand.
    Hyphenated words count by their parts ("Kremlin-backed" names "Kremlin");
    single letters ("I", "A") do not count."""
    found: list[Name] = []
    for match in _WORD.finditer(text):
        offset = match.start()
        opens = _starts_sentence(text, offset)
        for part in match.group().split("-"):
            bare = _POSSESSIVE.sub("", part.rstrip("."))
            if len(word_key(bare)) >= 2 and bare[0].isupper():
                found.append(Name(offset, bare, opens))
            offset += len(part) + 1
            opens = False
    return found


def source_acronyms(texts: Iterable[str]) -> set[str]:
    """The initials of every run of capitalised words in the sources, small joining
    words skipped: "Energy Information Administration" gives "EIA", "Organization
    of the Petroleum Exporting Countries" "OPEC" (and every shorter run inside)."""
    found: set[str] = set()
    for text in texts:
        for run in _NAME_RUN.finditer(text):
            initials = [
                w[0].upper()
                for w in re.split(r"[\s-]+", run.group())
                if w and w not in _JOINING
            ]
            for first in range(len(initials)):
                for last in range(first + 2, len(initials) + 1):
                    found.add("".join(initials[first:last]))
    return found


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isupper()


def _common(word: str, source_stems: set[str]) -> bool:
    """May ``word``, opening a sentence, be a common word rather than a name?"""
    if _is_acronym(word):
        return False
    key = word_key(word)
    words = common_words()
    stem = _STEM(key)
    return key in words or stem in words or stem in source_stems


def _places(texts: Sequence[str]) -> tuple[set[str], set[str]]:
    """The countries the sources name (by name, demonym, capital, state or region,
    also in capitals: a dateline "ACCRA" names Ghana) and their place phrases,
    folded."""
    from wiredesk.drafting import places
    from wiredesk.drafting.countries import mentions

    codes: set[str] = set()
    phrases: set[str] = set()
    upper = places.upper_gazetteer()
    for text in texts:
        named = mentions(text)
        found = [m.entry for m in named]
        phrases.update(_fold(m.surface) for m in named)
        for run in _CAPITALS_RUN.finditer(text):
            words = run.group().split()
            first = 0
            while first < len(words):  # longest first: "SOUTH SUDAN", not "SUDAN"
                for size in range(min(3, len(words) - first), 0, -1):
                    phrase = " ".join(words[first : first + size])
                    if entry := upper.get(phrase):
                        found.append(entry)
                        phrases.add(_fold(phrase))
                        break
                first += size
        codes.update(e.code for e in found if e.code and e.kind in _SOURCE_KINDS)
    return codes, phrases


class _SourceFacts:
    """What ``unsupported`` checks a text against, read from the sources once and
    each part only when first asked for."""

    def __init__(self, sources: tuple[str, ...]) -> None:
        self.sources = sources

    @cached_property
    def numbers(self) -> set[str]:
        found: set[str] = set()
        for source in self.sources:
            found |= numbers(source)
        return found

    @cached_property
    def words(self) -> set[str]:
        return source_words(self.sources)

    @cached_property
    def places(self) -> tuple[set[str], set[str]]:
        return _places(self.sources)

    @cached_property
    def folded(self) -> str:
        return "\n".join(" ".join(_fold(s).split()) for s in self.sources)

    @cached_property
    def acronyms(self) -> set[str]:
        return source_acronyms(self.sources)

    @cached_property
    def stems(self) -> set[str]:
        return {_STEM(word) for word in self.words}


@lru_cache(maxsize=2)
def _source_facts(sources: tuple[str, ...]) -> _SourceFacts:
    """The facts of ``sources``: ``problems`` checks the headline and the standfirst
    against the same sources."""
    return _SourceFacts(sources)


def _place_problems(
    text: str, facts: _SourceFacts
) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """Places of ``text`` the sources do not support, as (position, phrase), and
    the spans of all its places (whose words need no check of their own).

    A country's name or demonym passes when the sources name that country in any
    way; any place passes when the sources contain the same phrase, as a place of
    their own (so "Sudan" is not found in "South Sudan") or, for a city or region,
    anywhere in their words ("São Tomé" for "Sao Tome")."""
    from wiredesk.drafting.countries import mentions

    found = [m for m in mentions(text) if m.entry.kind != "block"]
    if not found:
        return [], []
    codes, phrases = facts.places
    missing: list[tuple[int, str]] = []
    for m in found:
        phrase = _fold(m.surface)
        if phrase in phrases:
            continue
        if m.entry.kind in _COUNTRY_KINDS:
            if m.entry.code in codes:
                continue
        else:
            pattern = r"(?<!\w)" + re.escape(" ".join(phrase.split())) + r"(?!\w)"
            if re.search(pattern, facts.folded):
                continue
        missing.append((m.start, " ".join(m.surface.split())))
    return missing, [(m.start, m.end) for m in found]


def unsupported(text: str, sources: Sequence[str]) -> list[str]:
    """Numbers, then names and places, of ``text`` that the ``sources`` do not
    contain, in order."""
    facts = _source_facts(tuple(sources))
    missing: list[str] = []
    known_numbers = facts.numbers
    missing.extend(q.raw for q in quantities(text) if not q.values & known_numbers)
    words = facts.words
    flagged, spans = _place_problems(text, facts)
    for name in names(text):
        key = word_key(name.word)
        if key in words or key in _ADDRESS:
            continue
        if _is_acronym(name.word) and name.word.replace(".", "") in facts.acronyms:
            continue  # "EIA" for "Energy Information Administration"
        if any(start <= name.start < end for start, end in spans):
            continue  # a place: checked as a whole
        if name.opens and _common(name.word, facts.stems):
            continue
        flagged.append((name.start, name.word))
    missing.extend(word for _, word in sorted(flagged))
    return list(dict.fromkeys(missing))


def problems(draft: DraftText, sources: Sequence[str], *, max_words: int) -> list[str]:
    """Why ``draft`` may not be used; empty when it may.

    Besides grounding: a non-empty headline of at most the headline length, and a
    non-empty standfirst of at most ``max_words`` words.
    """
    head, stand = draft.headline.strip(), draft.standfirst.strip()
    found: list[str] = []
    if not head:
        found.append("empty headline")
    elif len(head) > headline_rules.MAX_LENGTH:
        found.append(
            f"headline of {len(head)} characters (at most {headline_rules.MAX_LENGTH})"
        )
    if not stand:
        found.append("empty standfirst")
    elif (count := len(stand.split())) > max_words:
        found.append(f"standfirst of {count} words (at most {max_words})")
    for label, value in (("headline", head), ("standfirst", stand)):
        missing = unsupported(value, sources)
        if missing:
            quoted = ", ".join(repr(m) for m in missing[:8])
            found.append(f"{label} mentions {quoted}, not in the source")
    return found
