"""The header's sectors and editions menus and the footer's pages, per process.

Read once a minute at most (every page shows them); a change saved in this process
drops the copy at once (``receivers.py``), and the page cache is purged anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from wiredesk.desk.models import Page
from wiredesk.taxonomy.models import Country, Edition, Sector, Snapshot


@dataclass(frozen=True)
class Menus:
    sectors: tuple[tuple[str, str], ...]  # (slug, name), menu order
    editions: tuple[tuple[str, str, str], ...]  # (slug, name, time zone)
    pages: tuple[tuple[str, str], ...]  # (slug, title)
    countries: tuple[tuple[str, str], ...]  # (code, name), for the search filter


def _load() -> Menus:
    return Menus(
        sectors=tuple(Sector.objects.values_list("slug", "name")),
        editions=tuple(Edition.objects.values_list("slug", "name", "time_zone")),
        pages=tuple(Page.objects.values_list("slug", "title")),
        countries=tuple(Country.objects.values_list("code", "name")),
    )


snapshot: Snapshot[Menus] = Snapshot(_load)
