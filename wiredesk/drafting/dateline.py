"""Find the dateline at the head of wire copy and resolve it to a place and country."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from wiredesk.drafting.places import Reading, dateline_readings

# Picks the country of a bare dateline place from its readings (its usual country
# first) and the place as written: see ``countries.dateline_country``.
Chooser = Callable[[list[Reading], str], str | None]

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
_DATE = re.compile(_MONTH)
_PLACE = r"[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.'’ -]{1,30}?)?"
# "WASHINGTON, Feb 5 (Reuters) -", "NEW DELHI (PTI) -", "Accra (Northwind) —"
_WITH_AGENCY = re.compile(
    rf"^\s*(?P<place>{_PLACE})(?:,\s*{_MONTH})?,?\s*\((?P<agency>[^)]{{1,40}})\)\s*[-–—:]+\s*"
)
# "Binghamton, New York —" and "NAIROBI -" (no agency tag)
_PLAIN = re.compile(rf"^\s*(?P<place>{_PLACE})(?:,\s*{_MONTH})?\s+[-–—]+\s+")


@dataclass(frozen=True)
class Dateline:
    place: str
    country: str | None
    agency: str
    raw: str


def _place_name(raw: str) -> str:
    parts = [p.strip() for p in raw.split(",")]
    return ", ".join(p.title() if p.isupper() else p for p in parts)


def find(text: str, choose: Chooser | None = None) -> Dateline | None:
    """The dateline at the start of ``text``, or None when it opens without one.

    A bare place with namesakes abroad ("BIRMINGHAM") goes to the country the
    rest of ``text`` speaks of, through ``choose`` when the caller has already
    read the text, else through ``countries.dateline_country``.
    """
    head = text.lstrip()[:200]
    match = _WITH_AGENCY.match(head) or _PLAIN.match(head)
    if not match:
        return None
    # Resolved as written: wire capitals are what let a small town count
    # ("SCOTTSVILLE"; see ``places.country_of_place``), and a dateline given apart
    # (``countries.tag(dateline=...)``) is resolved the same way.
    written = match.group("place").strip()
    # A town only in a dateline proper, with its date or agency: a slug heading a
    # brief ("ENERGY - ...") looks like a place too.
    dated = bool(match.groupdict().get("agency") or _DATE.search(match.group(0)))
    readings = dateline_readings(written, towns=dated)
    if len(readings) > 1:
        if choose is None:
            from wiredesk.drafting.countries import dateline_country

            country = dateline_country(readings, written, "", text)
        else:
            country = choose(readings, written)
    else:
        country = readings[0].country if readings else None
    agency = match.groupdict().get("agency")
    if country is None and not (agency and match.group("place").isupper()):
        # An ordinary sentence with a dash, or "The World Health Organization
        # (WHO) - ...": an unknown place counts only in wire capitals.
        return None
    return Dateline(
        place=_place_name(written),
        country=country,
        agency=(match.groupdict().get("agency") or "").strip(),
        raw=match.group(0),
    )


def strip(text: str) -> str:
    """``text`` without its dateline."""
    found = find(text)
    return text.lstrip()[len(found.raw) :] if found else text
