"""Load the shipped vocabularies into the database (used by a data migration)."""

from __future__ import annotations

from pathlib import Path

import pycountry

DATA = Path(__file__).parent / "data"


def sector_rows() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "sectors.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            slug, name = (part.strip() for part in line.split("|", 1))
            rows.append((slug, name))
    return rows


def country_rows() -> list[tuple[str, str, str]]:
    """(code, short name, official name) for every ISO 3166-1 country."""
    rows = []
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        rows.append((c.alpha_2, name, getattr(c, "official_name", "") or ""))
    return rows


def load(country_model, sector_model, edition_model) -> None:
    for code, name, official in country_rows():
        country_model.objects.update_or_create(
            code=code, defaults={"name": name, "official_name": official}
        )
    for position, (slug, name) in enumerate(sector_rows()):
        sector_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    edition_model.objects.get_or_create(
        slug="global", defaults={"name": "Global", "position": 0}
    )
