"""Read the shipped vocabularies (data/) and load them into the database.

The data files are the source of truth for a fresh install; after loading, sectors,
editions and their regions are edited in the admin. The readers here are pure so that
drafting and the tests can use the same tables without a database.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pycountry

DATA = Path(__file__).parent / "data"


def _rows(name: str, fields: int) -> list[list[str]]:
    """The "|"-separated rows of a data file, comments and blank lines skipped."""
    rows = []
    for number, line in enumerate(
        (DATA / name).read_text(encoding="utf-8").splitlines(), start=1
    ):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != fields:
            raise ValueError(f"{name}:{number}: expected {fields} fields: {line!r}")
        rows.append(parts)
    return rows


def sector_rows() -> list[tuple[str, str]]:
    return [(slug, name) for slug, name in _rows("sectors.txt", 2)]


def country_rows() -> list[tuple[str, str, str]]:
    """(code, short name, official name) for every ISO 3166-1 country."""
    rows = []
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        rows.append((c.alpha_2, name, getattr(c, "official_name", "") or ""))
    return rows


@cache
def region_rows() -> list[tuple[str, str, str]]:
    """(M49 code, name, parent code or "") of the UN M49 geographic regions."""
    return [(code, name, parent) for code, name, parent in _rows("m49_regions.txt", 3)]


@cache
def country_areas() -> dict[str, str]:
    """ISO alpha-2 → its smallest M49 area (intermediate region or sub-region)."""
    return {
        code: area
        for area, codes in _rows("m49_countries.txt", 2)
        for code in codes.split()
    }


def area_chain(area: str) -> list[str]:
    """``area`` and the M49 areas above it, smallest first ("014" → 014, 202, 002)."""
    parents = {code: parent for code, _, parent in region_rows()}
    chain = []
    while area:
        chain.append(area)
        area = parents.get(area, "")
    return chain


def country_regions(code: str) -> tuple[str, str, str]:
    """(region, sub-region, intermediate region) M49 codes of a country; "" if none."""
    chain = list(reversed(area_chain(country_areas().get(code, ""))))
    chain += [""] * (3 - len(chain))
    return chain[0], chain[1], chain[2]


def edition_rows() -> list[tuple[str, str, str]]:
    """(slug, name, time zone) of the regional editions, in menu order."""
    return [(slug, name, tz) for slug, name, tz in _rows("editions.txt", 3)]


def zone_name_rows() -> list[tuple[str, str, str]]:
    """(IANA zone, tzdata's numeric abbreviation, name readers know): zones.py."""
    return [(zone, short, name) for zone, short, name in _rows("zone_names.txt", 3)]


@cache
def edition_areas() -> dict[str, str]:
    """M49 area code or ISO alpha-2 code → edition slug."""
    return dict(_rows("edition_areas.txt", 2))


def edition_of_country(code: str) -> str:
    """The edition slug of a country by the shipped table: most specific area wins."""
    areas = edition_areas()
    for key in [code, *area_chain(country_areas().get(code, ""))]:
        if key in areas:
            return areas[key]
    return "global"


@cache
def iptc_sectors() -> dict[str, str]:
    """IPTC qcode ("subj:04000000", "medtop:20000209") → sector slug ("" = none)."""
    return {code: slug for code, slug, _ in _rows("iptc_sectors.txt", 3)}


@cache
def sector_keywords() -> list[tuple[str, float, str]]:
    """(sector slug, weight, phrase) of the text lexicon."""
    out = []
    for slug, weight, phrases in _rows("sector_keywords.txt", 3):
        for phrase in phrases.split(";"):
            if phrase.strip():
                out.append((slug, float(weight), " ".join(phrase.lower().split())))
    return out


def load(country_model, sector_model, edition_model, region_model=None) -> None:
    """Create or refresh the shipped rows; editors' changes to names are kept."""
    if region_model is not None:
        for code, name, parent in region_rows():
            region_model.objects.update_or_create(
                code=code, defaults={"name": name, "parent_id": parent or None}
            )
    for code, name, official in country_rows():
        defaults = {"name": name, "official_name": official}
        if region_model is not None:
            region, sub, intermediate = country_regions(code)
            defaults |= {
                "region_id": region or None,
                "sub_region_id": sub or None,
                "intermediate_region_id": intermediate or None,
            }
        country_model.objects.update_or_create(code=code, defaults=defaults)
    for position, (slug, name) in enumerate(sector_rows()):
        sector_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    if region_model is None:
        edition_model.objects.get_or_create(
            slug="global", defaults={"name": "Global", "position": 0}
        )
        return
    for position, (slug, name, tz) in enumerate(edition_rows()):
        edition, created = edition_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position, "time_zone": tz}
        )
        if not created and not edition.time_zone:
            edition.time_zone = tz
            edition.save(update_fields=["time_zone"])
    for area, slug in edition_areas().items():
        edition = edition_model.objects.get(slug=slug)
        if area.isdigit():
            edition.regions.add(area)
        else:
            edition.countries.add(area)
