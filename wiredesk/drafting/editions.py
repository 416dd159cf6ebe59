"""The regional edition of a story: the edition of its primary country.

Editions list their UN M49 regions and, as exceptions, single countries (both edited
in the admin). The country's own listing wins, then its most specific region
(intermediate region, sub-region, region); a story with no country, or a country in
no edition, goes to the global edition. (The global edition's page lists the whole
site; see ``Edition.whole_site``.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wiredesk.taxonomy.models import GLOBAL, Country, country_areas, edition_areas


def pick(
    country: str | None,
    region_codes: Iterable[str],
    by_country: Mapping[str, str],
    by_region: Mapping[str, str],
    default: str = GLOBAL,
) -> str:
    """The edition slug for a country and its M49 regions (most specific first)."""
    if not country:
        return default
    if country in by_country:
        return by_country[country]
    for code in region_codes:
        if code in by_region:
            return by_region[code]
    return default


def edition_slug_for(country: Country | None) -> str | None:
    """The edition slug of a country, from the editions' regions and countries.

    Reads the editions' areas from a per-process snapshot (taxonomy.models), so it
    costs no query; None only when the desk deleted the global edition and no other
    edition fits.
    """
    if country is None:
        return _edition(None, ())
    return _edition(country.code, country.region_codes())


def edition_slug_for_code(code: str | None) -> str | None:
    """As edition_slug_for, from a country code and the cached country areas."""
    return _edition(code, country_areas.get().get(code, ()) if code else ())


def _edition(code: str | None, regions: Iterable[str]) -> str | None:
    by_country, by_region, has_global = edition_areas.get()
    slug = pick(code, regions, by_country, by_region)
    return slug if slug != GLOBAL or has_global else None
