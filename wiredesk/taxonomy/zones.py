"""Time zones as readers see them: checked IANA names and readable abbreviations.

tzdata gives many zones only a numeric abbreviation ("+07" for Bangkok, "-05" for
Bogotá); shown beside a time it reads like a typo. ``label`` gives the name readers
know (data/zone_names.txt), else an explicit "UTC+7".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError

from wiredesk.taxonomy.loading import zone_name_rows

NUMERIC = re.compile(r"[+-]\d{2,4}")


@cache
def names() -> dict[tuple[str, str], str]:
    """(IANA zone, tzdata's numeric abbreviation) → the name shown to readers."""
    return {(zone, short): name for zone, short, name in zone_name_rows()}


def written(local: datetime) -> str:
    """ "05-02-2026 06:25 IST": a time already in the zone it is shown in, as the
    site writes times on every page (the public pages and the desk alike)."""
    return f"{local:%d-%m-%Y %H:%M} {label(local)}"


def _offset(delta: timedelta | None) -> str:
    """ "UTC+7", "UTC+5:30", "UTC-3" for an offset from UTC."""
    minutes = round((delta or timedelta()).total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def label(moment: datetime) -> str:
    """The zone abbreviation of an aware datetime, readable: "IST", "EAT", "ICT"
    for Bangkok (tzdata: "+07"), "UTC+7" for a numeric one with no known name."""
    short = moment.tzname() or ""
    if not NUMERIC.fullmatch(short):
        return short
    zone = getattr(moment.tzinfo, "key", "")
    return names().get((zone, short)) or _offset(moment.utcoffset())


@cache
def _known() -> frozenset[str]:
    return frozenset(available_timezones())


def check(value: str) -> None:
    """Reject a time zone Python cannot load (a typo would break the digests)."""
    if value and value not in _known():
        raise ValidationError(
            "%(value)s is not an IANA time zone (e.g. Africa/Nairobi).",
            params={"value": value},
        )
