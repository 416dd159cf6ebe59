"""Counters for rate limits and lockouts, in the database every process shares.

A limit counts the hits of a key in a fixed window that starts at its first hit.
One ``INSERT … ON CONFLICT … DO UPDATE … RETURNING`` statement per hit (SQLite
3.35+ and PostgreSQL) adds the hit and reads the new count atomically, starts a
new window when the old one has ended, and never moves the window's end.

Why not django-ratelimit on Django's cache: counts that are atomic and keep their
expiry need Redis or Memcached. The local-memory cache counts per process (a
client gets the limit once per web worker), and the file and database caches read,
add and write back, losing concurrent hits and resetting the expiry to the
cache's default timeout on every increment. The database is already shared by
every process and machine of an install, and the limited forms are rare enough
that a row write each costs nothing that matters.

Names hold no client address: callers pass ``private_key(...)``, a keyed hash.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac

from wiredesk.models import RateCount

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/h" → (5, 3600); "10/15m" → (10, 900)."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"rate {rate!r} is not like '5/h' or '10/15m'")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _UNIT[unit]


def private_key(group: str, value: str) -> str:
    """A counter name for ``value`` (an address, a username) that does not reveal
    it: an HMAC under the site's secret key, so no table of all addresses undoes it."""
    digest = salted_hmac("wiredesk.limits", value, algorithm="sha256").hexdigest()
    return f"{group}:{digest[:48]}"


def hit(name: str, seconds: int, now: datetime | None = None) -> int:
    """Count a hit of ``name``; the number of hits in its window, this one included."""
    now = now or timezone.now()
    table = connection.ops.quote_name(RateCount._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    end, current = adapt(now + timedelta(seconds=seconds)), adapt(now)
    sql = (
        f"INSERT INTO {table} (name, hits, expires_at) VALUES (%s, 1, %s) "
        f"ON CONFLICT (name) DO UPDATE SET "
        f"hits = CASE WHEN {table}.expires_at <= %s THEN 1 "
        f"ELSE {table}.hits + 1 END, "
        f"expires_at = CASE WHEN {table}.expires_at <= %s THEN excluded.expires_at "
        f"ELSE {table}.expires_at END "
        f"RETURNING hits"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [name, end, current, current])
        return int(cursor.fetchone()[0])


def over(name: str, rate: str, now: datetime | None = None) -> bool:
    """Count a hit against ``rate`` ("5/h"); True once past it (this hit refused)."""
    allowed, seconds = parse_rate(rate)
    return hit(name, seconds, now) > allowed


def count(name: str, now: datetime | None = None) -> int:
    """Hits of ``name`` in its current window (0 when it has ended)."""
    now = now or timezone.now()
    found = (
        RateCount.objects.filter(name=name, expires_at__gt=now)
        .values_list("hits", flat=True)
        .first()
    )
    return found or 0


def reset(name: str) -> None:
    RateCount.objects.filter(name=name).delete()


def sweep(now: datetime | None = None) -> int:
    """Delete the counters whose window has ended (a periodic job)."""
    deleted, _ = RateCount.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted
