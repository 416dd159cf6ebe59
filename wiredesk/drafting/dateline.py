"""Find the dateline at the head of wire copy and resolve it to a place and country.

Forms read (agency tag optional where the agency writes none):

* "WASHINGTON, Feb 5 (Reuters) -", "NEW DELHI (PTI) -", "Accra (Northwind) —"
* a year or a day-first date: "WASHINGTON, Feb. 5, 2026 (AP) —", "PARIS, 5 Feb (AFP) -"
* the month in capitals ("NAIROBI, MARCH 3 (Reuters) -"), or in French, Spanish or
  Portuguese after the day: "DAKAR, 3 mars (AFP) -", "LIMA, 3 mar (EFE).-",
  "LISBOA, 3 de março (Lusa) -"
* several places: "WASHINGTON/BEIJING, Feb 5 (Reuters) -" (the first is where)
* other separators: AP's "(AP) _", EFE's "(EFE).-", ANI's "(ANI):", IANS's none
  ("Mumbai, Feb 5 (IANS) Shares rose"), and the country in brackets: "New Delhi
  [India], Feb 5 (ANI):"
* a date or an agency without a place: "Feb 5 (Reuters) -", "(ANSA) - Rome, Oct 11 -"
* no agency: "Binghamton, New York —", "NAIROBI -", "NEW DELHI:" -- in wire
  capitals or as "Town, State" only, so that "Nigeria — Africa's most populous
  nation — will ..." keeps its subject; or a known place in mixed case and a
  colon, as Indian papers write: "Kolkata: The state government ..." (not "Note:",
  "Reading:" or "Smith: I will ...").

A byline ("By Jane Doe") or an editor's note ("(Adds analyst comment)") before the
dateline is skipped: it is furniture too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from wiredesk.drafting.places import Reading, dateline_readings, spelling

# Picks the country of a bare dateline place from its readings (its usual country
# first) and the place as written: see ``countries.dateline_country``.
Chooser = Callable[[list[Reading], str], str | None]

_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# A month in a dateline's date: English in any case ("MARCH 3": old wire copy is
# set in capitals throughout), and the French (AFP), Spanish (EFE) and Portuguese
# (Lusa) names and abbreviations those agencies write after the day.
_DATE_MONTH = (
    r"(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"|janv|f[ée]vr|f[ée]vrier|avr|avril|mai|juil|juillet|ao[uû]t|d[ée]c|d[ée]cembre"
    r"|ene|enero|abr|abril|ago|agosto|set|setiembre|dic|diciembre"
    r"|fev|fevereiro|mar[cç]o|maio|out|outubro|setembro|dez|dezembro)\.?"
)
_MONTH = rf"{_DATE_MONTH}\s+\d{{1,2}}"
# "Feb 5", "Feb. 5, 2026", "5 February 2026", "3 mars", "1er mars", "3 de março".
_DAY_FIRST = rf"\d{{1,2}}(?:er)?\s+(?:de\s+)?{_DATE_MONTH}(?:\s+(?:de\s+)?\d{{4}})?"
_DATE_FORM = rf"(?:{_MONTH}(?:,?\s+\d{{4}})?|{_DAY_FIRST})(?!\w)"
# Latin letters, accented ones included ("SÃO PAULO", "ŁÓDŹ"); that the place
# opens on a capital is checked in code. One character class, not an alternation:
# most copy opens without a dateline, and the patterns must fail fast.
_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
_NAME = rf"[{_LETTERS}][{_LETTERS}.'’ -]{{1,40}}?"
_STATE = rf"[{_LETTERS}][{_LETTERS}.'’ -]{{1,30}}?"
# "WASHINGTON/BEIJING", "New Delhi [India]", "ROCHESTER, N.Y."
_PLACE = (
    rf"(?P<place>{_NAME}(?:\s*/\s*{_NAME})*)"
    rf"(?:\s*\[(?P<bracket>{_STATE})\])?(?:,\s*(?P<state>{_STATE}(?:,\s*{_STATE})?))?"
)
_AGENCY = r"\((?P<agency>[^()]{1,40})\)"
# After the agency: a dash (AP's "_", EFE's ".-"), a colon (ANI), or for IANS
# nothing before the capital that opens the story.
_AFTER_AGENCY = r"\.?\s*(?:[-–—_:]+\s*|(?P<bare>(?=[\"“‘'(]?[^\W\d_a-z])))"
_WITH_AGENCY = re.compile(
    rf"\s*(?:{_PLACE}(?:,\s*(?P<date>{_DATE_FORM}))?|(?P<dateonly>{_DATE_FORM})),?"
    rf"\s*{_AGENCY}{_AFTER_AGENCY}"
)
# ANSA: "(ANSA) - Rome, October 11 -", or an agency tag alone: "(Sports Network) -".
_AGENCY_FIRST = re.compile(
    rf"\s*{_AGENCY}\s*[-–—:]+\s*(?:{_PLACE},?\s*(?P<date>{_DATE_FORM})\s*[-–—:]+\s*)?"
)
# "Binghamton, New York —", "NAIROBI -", "LAGOS, Feb 5 —", "NEW DELHI:"
_PLAIN = re.compile(
    rf"\s*{_PLACE}(?:,\s*(?P<date>{_DATE_FORM}))?(?:\s+(?P<dash>[-–—]+)\s+|\s*:\s+)"
)
# Every form holds one of these within its first characters (the agency's bracket,
# a dash, AP's underscore, a colon): copy without one is read no further.
_SEPARATORS = ("(", "-", "–", "—", "_", ":")
_SEPARATOR_WITHIN = 160
# A dash later in the same sentence: the first one opened an aside, not a dateline
# ("Nigeria — Africa's most populous nation — will hold ...").
_SECOND_DASH = re.compile(r"\s[-–—]+\s")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")

# What may stand before the dateline: a byline paragraph, an editor's note on what
# changed ("(Adds analyst comment, paragraphs 5-7)", "(Updates with details)").
_CAPITAL = "A-ZÀ-ÖØ-Þ"
_BYLINE = re.compile(
    rf"By\s+[{_CAPITAL}][\w.'’-]*"
    rf"(?:,?\s+(?:(?:and|van|von|de|der|da|del|al|bin|du|la|le)\s+)*[{_CAPITAL}][\w.'’-]*)"
    r"{0,6}[ \t]*\n\s*"
)
# The verbs of the wire's notes to editors on a new version, for this module and
# ``standfirst`` alike: two lists of them had drifted apart.
NOTE_VERBS = (
    "adds", "updates", "updated", "recasts", "recasting", "corrects", "corrected",
    "changes", "changing", "refiles", "repeats", "rewrites", "writes", "inserts",
    "removes", "fixes", "moves", "clarifies", "combines", "replaces", "deletes",
    "amends", "reissues", "re-issues", "releases", "expands", "tops", "restores",
    "edits", "wraps", "adding", "updating", "revises", "retransmits", "advisory",
    "editors note", "editor's note", "editors' note", "editor’s note", "editors’ note",
)  # fmt: skip
# One note, a bracket that may hold brackets of its own ("(Adds quote (para 4))"),
# with what follows it up to the next paragraph's first character.
VERSION_NOTE = re.compile(
    r"\(\s*(?:"
    + "|".join(re.escape(verb) for verb in NOTE_VERBS)
    + r")\b[^()]*(?:\([^()]*\)[^()]*)*\)\.?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dateline:
    place: str  # as shown on the article: "Rio de Janeiro", "Binghamton, New York"
    country: str | None
    agency: str
    raw: str  # the dateline as it stands in the copy, separator included
    # The byline and editor's notes before the dateline (``text.lstrip()`` starts
    # with ``lead + raw``), and the place as the country was read from it.
    lead: str = ""
    written: str = ""

    def rest(self, text: str) -> str:
        """``text``, in which this dateline was found, from the story's first word."""
        return text.lstrip()[len(self.lead) + len(self.raw) :]


def _display(part: str) -> str:
    """One part of a place in wire capitals as the gazetteers write it, or in title
    case ("MARTHA'S VINEYARD" -> "Martha's Vineyard") when they do not know it."""
    if not part.isupper():
        return part
    if known := spelling(part):
        return known
    titled = re.sub(r"[^\W\d_]+", lambda m: m[0].capitalize(), part)
    return re.sub(r"(?<=\w['’])S\b", "s", titled)


def _place_name(raw: str) -> str:
    """ "RIO DE JANEIRO" -> "Rio de Janeiro", "WASHINGTON/BEIJING" ->
    "Washington/Beijing", "KANSAS CITY, Mo." -> "Kansas City, Mo."."""
    parts = [p.strip() for p in raw.split(",")]
    return ", ".join(
        "/".join(_display(p.strip()) for p in part.split("/")) for part in parts
    )


def _lead(text: str) -> int:
    """How much of ``text`` is byline and editor's notes before a dateline."""
    position = 0
    for _ in range(4):
        found = VERSION_NOTE.match(text, position) or _BYLINE.match(text, position)
        if not found:
            break
        position = found.end()
    return position


def _resolve(
    written: str, text: str, choose: Chooser | None, *, towns: bool, typos: bool
) -> str | None:
    readings = dateline_readings(written, towns=towns, typos=typos)
    if len(readings) > 1:
        if choose is None:
            from wiredesk.drafting.countries import dateline_country

            return dateline_country(readings, written, "", text)
        return choose(readings, written)
    return readings[0].country if readings else None


def _written(match: re.Match[str]) -> str:
    """The place to resolve: the first of several ("WASHINGTON/BEIJING"), with the
    state or the bracketed country after it ("New Delhi, India")."""
    first = match["place"].split("/")[0].strip()
    after = match["state"] or match["bracket"]
    return f"{first}, {after.strip()}" if after else first


def _shown(match: re.Match[str]) -> str:
    """The place as the article shows it: the bracketed country is left out."""
    place = " ".join(match["place"].split())
    return _place_name(f"{place}, {match['state']}" if match["state"] else place)


def find(text: str, choose: Chooser | None = None) -> Dateline | None:
    """The dateline at the start of ``text``, or None when it opens without one.

    A bare place with namesakes abroad ("BIRMINGHAM") goes to the country the
    rest of ``text`` speaks of, through ``choose`` when the caller has already
    read the text, else through ``countries.dateline_country``.
    """
    stripped = text.lstrip()
    skipped = _lead(stripped)
    head = stripped[skipped : skipped + 200]
    if not any(mark in head[:_SEPARATOR_WITHIN] for mark in _SEPARATORS):
        return None  # most copy: no separator where a dateline's would be
    found = _with_agency(head, text, choose) or _plain(head, text, choose)
    if found is None or not skipped:
        return found
    return Dateline(
        found.place,
        found.country,
        found.agency,
        found.raw,
        lead=stripped[:skipped],
        written=found.written,
    )


def _with_agency(head: str, text: str, choose: Chooser | None) -> Dateline | None:
    match = _WITH_AGENCY.match(head) or _AGENCY_FIRST.match(head)
    if not match:
        return None
    agency = match["agency"].strip()
    if not match["place"]:
        # "Feb 5 (Reuters) -", "(Sports Network) -": no place to show.
        if match.re is _WITH_AGENCY and match["bare"] is not None:
            return None  # "Feb 5 (2026) Results": no separator, no dateline
        return Dateline("", None, agency, match[0])
    if not match["place"][0].isupper():
        return None
    if match.re is _WITH_AGENCY and match["bare"] is not None and not match["date"]:
        # No separator ("Mumbai, Feb 5 (IANS) Shares"): only with its date, or
        # "Shares of Tesla (TSLA) Rose" would be a dateline too. Checked before the
        # place is resolved, which may read the whole copy.
        return None
    # Resolved as written: wire capitals are what let a small town count
    # ("SCOTTSVILLE"; see ``places.country_of_place``), and a dateline given apart
    # (``countries.tag(dateline=...)``) is resolved the same way.
    written = _written(match)
    country = _resolve(written, text, choose, towns=True, typos=True)
    if country is None and not match["place"].isupper():
        # "The World Health Organization (WHO) - ...": an unknown place counts
        # only in wire capitals.
        return None
    return Dateline(_shown(match), country, agency, match[0], written=written)


def _plain(head: str, text: str, choose: Chooser | None) -> Dateline | None:
    match = _PLAIN.match(head)
    if not match or not match["place"][0].isupper():
        return None
    dated = bool(match["date"])
    capitals = match["place"].isupper()
    if not dated:
        # Without date or agency a capitalised word and a dash may open a sentence
        # ("Nigeria — Africa's ...", "Lagos — a city of ..."): only wire capitals
        # or "Town, State" (not with a colon: "Update, Monday: ...") make it a place,
        # or a place in mixed case and a colon as Indian papers write ("Kolkata:").
        if not (
            capitals
            or (match["state"] and match["dash"])
            or (not match["dash"] and _colon_dateline(match, head))
        ):
            return None
        if match["dash"]:
            rest = head[match.end() :]
            end = _SENTENCE_END.search(rest)
            if _SECOND_DASH.search(rest[: end.start() if end else len(rest)]):
                return None
    written = _written(match)
    # A town only in a dateline proper, with its date: a slug heading a brief
    # ("ENERGY - ...") looks like a place too, as does a word one slip away from a
    # city's name ("WARNING: ...").
    country = _resolve(written, text, choose, towns=dated, typos=dated)
    if country is None:
        return None
    return Dateline(_shown(match), country, "", match[0], written=written)


def _colon_dateline(match: re.Match[str], head: str) -> bool:
    """Whether "Kolkata: The state government ..." may open on a dateline: a place
    in mixed case, a colon, and a sentence.

    "Note:", "Update:" or "Reading:" are words (``common_words``) before they are
    places, and "Jackson: I will not resign" or 'Paris: "We ..."' quotes a person;
    the place must then be in the gazetteer (``_plain`` resolves it without small
    towns or typos).
    """
    from wiredesk.drafting.backends.source_check import common_words

    words = re.split(r"[\s/-]+", match["place"].strip())
    if not all(w[:1].isupper() or w in _PLACE_PARTICLES for w in words):
        return False
    common = common_words()
    if all(w.lower() in common for w in words):
        return False
    story = head[match.end() :]
    opening = re.match(r"[^\W_]+(?:['’][^\W_]+)?", story)
    if opening is None or opening[0] in _QUOTING:
        return False
    if not (opening[0][0].isupper() or opening[0][0].isdigit()):
        return False
    # "Paris: Jewellery Stolen In Shop Raid" is a headline set in title case; a
    # sentence has a word in lower case within its first ten.
    return any(w[:1].islower() for w in story.split()[:10])


# Words that open what a person says, not a story: "Smith: I will stand down".
_QUOTING = frozenset("I I'm I’m We My Our Me You".split())  # noqa: SIM905
# Words of a place that are not capitalised ("Rio de Janeiro").
_PLACE_PARTICLES = frozenset(
    "de da do das dos del di du la le el al es upon on sur".split()  # noqa: SIM905
)


# What follows the place in a dateline given apart: "SYDNEY March 22 AAP -",
# "Strasbourg, 10 juil 2024 (AFP)", "London (dpa) -".
_GIVEN_TAIL = re.compile(rf"\s*(?:\(.*|\b{_MONTH_NAME}\s*\d.*|\b\d.*)$")


def given(value: str, text: str = "", choose: Chooser | None = None) -> Dateline | None:
    """The dateline the item's metadata gives apart (NewsML-G2 ``located`` or
    ``dateline``, NITF ``<dateline>``, ninjs ``located``), cleaned of the date and
    agency some agencies leave in it and resolved as one heading the copy is.

    ``raw`` is empty: the copy does not hold it (see ``find`` for the one that does).
    """
    parts = []
    for part in " ".join(value.split()).split(","):
        part = _GIVEN_TAIL.sub("", part).strip(" -–—:_")
        if not part or re.fullmatch(_MONTH_NAME, part):
            break  # the date, and whatever follows it
        parts.append(part)
    if not parts:
        return None
    written = ", ".join(parts)
    country = _resolve(written, text, choose, towns=True, typos=True)
    return Dateline(_place_name(written), country, "", "", written=written)


def strip(text: str) -> str:
    """``text`` without its dateline and any byline or editor's note before it."""
    found = find(text)
    return found.rest(text) if found else text
