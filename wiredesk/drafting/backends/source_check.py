"""Is a rewritten headline and standfirst grounded in the source items?

A model asked to rewrite copy may add what the copy never said: a figure, a name, a
place. Whatever it mentions must therefore occur in the source items:

- every number, compared as a value ("1,000" = "1000" = "one thousand" is not
  attempted: spelt-out numbers up to ninety-nine and "3.50" = "3.5" are);
- every capitalised word that does not open a sentence (names, places, bodies,
  months) and every acronym, wherever it stands, compared without case, accents,
  dots or possessives ("Ghana's" = "Ghana", "U.N." = "UN");
- a country may be called by another of its names ("Britain" for "the United
  Kingdom", "Ghanaian" for "Ghana") when the source names that country.

The check is deliberately strict: a false alarm costs only the default draft, a
missed invention costs the desk's trust. It is plain text work, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache

from wiredesk.drafting import headline as headline_rules
from wiredesk.drafting.backends import DraftText

# A number as written: "1,000", "3.5", "2026"; a trailing full stop is punctuation.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A word: letters, with inner apostrophes, dots or hyphens ("O'Neill", "U.S",
# "Kremlin-backed"); digits are numbers, handled above.
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
# Country evidence that may stand in for another name of the same country.
_COUNTRY_KINDS = ("name", "demonym")


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
    text = format(value.normalize(), "f")
    return text


@cache
def _spelt_numbers() -> dict[str, str]:
    """ "three" -> "3", "forty-two" -> "42": numbers a wire may spell out."""
    words = {word: str(n) for n, word in enumerate(_UNITS)}
    for index, tens in enumerate(_TENS):
        value = (index + 2) * 10
        words[tens] = str(value)
        for unit in range(1, 10):
            words[f"{tens}-{_UNITS[unit]}"] = str(value + unit)
    words["dozen"] = "12"
    words["hundred"] = "100"
    words["thousand"] = "1000"
    return words


def numbers(text: str) -> set[str]:
    """The values of the numbers in ``text``, figures and spelt-out words alike."""
    found = {number_value(m.group()) for m in _NUMBER.finditer(text)}
    spelt = _spelt_numbers()
    found.update(
        spelt[w] for w in re.findall(r"[a-z]+(?:-[a-z]+)?", text.lower()) if w in spelt
    )
    return found


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


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isupper()


def names(text: str) -> list[tuple[int, str]]:
    """(position, word) of the names in ``text``: capitalised words, acronyms and
    places. A capitalised word opening a sentence counts only when it is an acronym
    or a place the gazetteer knows ("Nigeria raises rates"), since any word is
    capitalised there. Hyphenated words count by their parts ("Kremlin-backed"
    names "Kremlin"); single letters ("I", "A") do not count."""
    from wiredesk.drafting.countries import mentions

    places: list[tuple[int, int]] | None = None
    found: list[tuple[int, str]] = []
    for match in _WORD.finditer(text):
        offset = match.start()
        first = True
        for part in match.group().split("-"):
            bare = _POSSESSIVE.sub("", part.rstrip("."))
            if len(word_key(bare)) >= 2 and bare[0].isupper():
                counts = not (first and _starts_sentence(text, match.start()))
                if not counts and not (counts := _is_acronym(bare)):
                    if places is None:
                        places = [
                            (m.start, m.end)
                            for m in mentions(text)
                            if m.entry.kind != "block"
                        ]
                    counts = any(start <= offset < end for start, end in places)
                if counts:
                    found.append((offset, bare))
            offset += len(part) + 1
            first = False
    return found


def _country_spans(text: str, codes: set[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` that name (by any name) one of the countries ``codes``."""
    from wiredesk.drafting.countries import mentions

    return [
        (m.start, m.end)
        for m in mentions(text)
        if m.entry.kind in _COUNTRY_KINDS and m.entry.code in codes
    ]


def _source_countries(texts: Sequence[str]) -> set[str]:
    from wiredesk.drafting.countries import mentions

    return {
        m.entry.code
        for text in texts
        for m in mentions(text)
        if m.entry.kind in _COUNTRY_KINDS and m.entry.code
    }


def unsupported(text: str, sources: Sequence[str]) -> list[str]:
    """Numbers and names of ``text`` that the ``sources`` do not contain, in order."""
    missing: list[str] = []
    known_numbers: set[str] = set()
    for source in sources:
        known_numbers |= numbers(source)
    for match in _NUMBER.finditer(text):
        if number_value(match.group()) not in known_numbers:
            missing.append(match.group())
    words = source_words(sources)
    unknown = [(pos, word) for pos, word in names(text) if word_key(word) not in words]
    if unknown:
        spans = _country_spans(text, _source_countries(sources))
        missing.extend(
            word
            for pos, word in unknown
            if not any(start <= pos < end for start, end in spans)
        )
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
