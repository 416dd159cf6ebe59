"""TRENDING: distinct page views in hourly buckets, scored with exponential decay.

One interface, two stores: Redis when REDIS_URL is set (a Lua script counts a view
in one round trip), the database otherwise. A client is a per-day pseudonym (a hash
of address and user agent with a random salt of the day, see clients.py), counted
at most once per article per hour. The recompute job ranks the last hours' counts
every minute and stores one finished list per edition, which the template tag reads.
"""

from __future__ import annotations

import json
import math
import secrets
import threading
import time
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from wiredesk.audience.clients import visitor_hash
from wiredesk.audience.models import (
    PageViewBucket,
    PageViewSeen,
    TrendingList,
    VisitorSalt,
)
from wiredesk.desk.models import Article
from wiredesk.taxonomy.models import Edition

HOUR = 3600
LIST_LENGTH = 20  # stored per list; the tag shows up to its limit
GLOBAL = ""  # the list key of the site-wide list


def hour_of(moment: float) -> int:
    """Hours since the Unix epoch: the bucket of a moment."""
    return int(moment // HOUR)


def window_hours(half_life: float) -> int:
    """Hours of buckets worth reading: 8 half-lives (weight below 0.4%), 1–7 days."""
    return max(24, min(168, math.ceil(8 * half_life)))


class TrendingStore(Protocol):
    def salt(self, day: date) -> str: ...
    def record(self, article_id: int, visitor: str, hour: int) -> bool: ...
    def counts(self, first_hour: int, last_hour: int) -> dict[int, dict[int, int]]: ...
    def prune(self, current_hour: int, keep_hours: int) -> None: ...
    def save_lists(self, lists: dict[str, list[dict]]) -> None: ...
    def read_list(self, edition: str) -> list[dict]: ...


class DatabaseStore:
    """Counts in PageViewSeen/PageViewBucket rows (no Redis configured)."""

    def salt(self, day: date) -> str:
        found = VisitorSalt.objects.filter(day=day).values_list("salt", flat=True)
        if found:
            return found[0]
        try:
            with transaction.atomic():
                VisitorSalt.objects.create(day=day, salt=secrets.token_hex(16))
        except IntegrityError:
            pass  # another process made today's salt first
        return VisitorSalt.objects.get(day=day).salt

    def record(self, article_id: int, visitor: str, hour: int) -> bool:
        """Two upserts in one short transaction; a client already counted this
        hour is found by a read, which on SQLite (WAL) takes no write lock.

        On SQLite every write transaction holds the one database-wide write
        lock, and a process that finds it taken sleeps in SQLite's busy handler
        (1 ms, 2 ms, 5 ms, ... steps): holding it for two statements instead of
        five ORM queries with savepoints is what lets several web workers count
        views at once.
        """
        seen = connection.ops.quote_name(PageViewSeen._meta.db_table)
        bucket = connection.ops.quote_name(PageViewBucket._meta.db_table)
        key = [hour, article_id, visitor]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {seen} "
                "WHERE hour = %s AND article_id = %s AND visitor = %s",
                key,
            )
            if cursor.fetchone():
                return False  # this client was counted for this article this hour
            with transaction.atomic():
                cursor.execute(
                    f"INSERT INTO {seen} (hour, article_id, visitor) "
                    "VALUES (%s, %s, %s) "
                    "ON CONFLICT (hour, article_id, visitor) DO NOTHING",
                    key,
                )
                if cursor.rowcount != 1:
                    return False  # another request counted it just now
                cursor.execute(
                    f"INSERT INTO {bucket} (hour, article_id, views) "
                    "VALUES (%s, %s, 1) ON CONFLICT (hour, article_id) "
                    f"DO UPDATE SET views = {bucket}.views + 1",
                    [hour, article_id],
                )
        return True

    def counts(self, first_hour: int, last_hour: int) -> dict[int, dict[int, int]]:
        found: dict[int, dict[int, int]] = defaultdict(dict)
        rows = PageViewBucket.objects.filter(
            hour__gte=first_hour, hour__lte=last_hour
        ).values_list("hour", "article_id", "views")
        for hour, article_id, views in rows.iterator(chunk_size=5000):
            found[hour][article_id] = views
        return dict(found)

    def prune(self, current_hour: int, keep_hours: int) -> None:
        PageViewSeen.objects.filter(hour__lt=current_hour).delete()
        PageViewBucket.objects.filter(hour__lt=current_hour - keep_hours).delete()
        today = datetime.fromtimestamp(current_hour * HOUR, UTC).date()
        VisitorSalt.objects.filter(day__lt=today).delete()

    def save_lists(self, lists: dict[str, list[dict]]) -> None:
        now = timezone.now()
        with transaction.atomic():
            for edition, items in lists.items():
                TrendingList.objects.update_or_create(
                    edition=edition, defaults={"items": items, "computed_at": now}
                )

    def read_list(self, edition: str) -> list[dict]:
        found = TrendingList.objects.filter(edition=edition).values_list(
            "items", flat=True
        )
        return found[0] if found else []


# Counts a visitor once per article and hour: add to the hour's set of visitors of
# the article; only when new, add one to the hour's bucket. Both keys expire.
_RECORD = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  redis.call('EXPIRE', KEYS[2], ARGV[4])
  return 1
end
return 0
"""


class RedisStore:
    """Counts in Redis: a hash per hour (article → views) and a visitor set per
    article and hour; lists as JSON strings."""

    def __init__(self, url: str, prefix: str = "wiredesk:trending:") -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self._record = self.client.register_script(_RECORD)

    def salt(self, day: date) -> str:
        key = f"{self.prefix}salt:{day.isoformat()}"
        self.client.set(key, secrets.token_hex(16), nx=True, ex=2 * 86400)
        return self.client.get(key).decode()

    def record(self, article_id: int, visitor: str, hour: int) -> bool:
        keep = window_hours(settings.TRENDING_HALF_LIFE) * HOUR + HOUR
        keys = [f"{self.prefix}seen:{hour}:{article_id}", f"{self.prefix}h:{hour}"]
        return bool(self._record(keys=keys, args=[visitor, article_id, 2 * HOUR, keep]))

    def counts(self, first_hour: int, last_hour: int) -> dict[int, dict[int, int]]:
        hours = list(range(first_hour, last_hour + 1))
        pipe = self.client.pipeline(transaction=False)
        for hour in hours:
            pipe.hgetall(f"{self.prefix}h:{hour}")
        found = {}
        for hour, bucket in zip(hours, pipe.execute(), strict=True):
            if bucket:
                found[hour] = {int(k): int(v) for k, v in bucket.items()}
        return found

    def prune(self, current_hour: int, keep_hours: int) -> None:
        """Nothing to do: every key carries its own expiry."""

    def save_lists(self, lists: dict[str, list[dict]]) -> None:
        pipe = self.client.pipeline()
        for edition, items in lists.items():
            pipe.set(f"{self.prefix}list:{edition}", json.dumps(items))
        pipe.execute()

    def read_list(self, edition: str) -> list[dict]:
        raw = self.client.get(f"{self.prefix}list:{edition}")
        return json.loads(raw) if raw else []


_stores: dict[str, TrendingStore] = {}
_salts: dict[tuple[int, date], str] = {}
_lock = threading.Lock()


def get_store() -> TrendingStore:
    """Redis when REDIS_URL is set, else the database; one per process."""
    url = settings.REDIS_URL or ""
    with _lock:
        if url not in _stores:
            _stores[url] = RedisStore(url) if url else DatabaseStore()
        return _stores[url]


def day_salt(store: TrendingStore, day: date) -> str:
    """Today's salt, asked of the store once a day per process."""
    key = (id(store), day)
    salt = _salts.get(key)
    if salt is None:
        salt = _salts[key] = store.salt(day)
        for old in [k for k in _salts if k[1] < day]:
            _salts.pop(old, None)
    return salt


def record_view(
    article_id: int, address: str, user_agent: str, now: float | None = None
) -> bool:
    """Count one page view; False when this client was already counted this hour."""
    moment = time.time() if now is None else now
    store = get_store()
    day = datetime.fromtimestamp(moment, UTC).date()
    visitor = visitor_hash(day_salt(store, day), address, user_agent)
    return store.record(article_id, visitor, hour_of(moment))


def decayed_scores(
    counts: dict[int, dict[int, int]], now: float, half_life: float
) -> dict[int, float]:
    """Each article's views, each weighted 0.5 ** (age in hours / half-life); a
    bucket's age is taken from its middle."""
    scores: dict[int, float] = defaultdict(float)
    for hour, bucket in counts.items():
        age = max(0.0, (now - (hour * HOUR + HOUR / 2)) / HOUR)
        weight = 0.5 ** (age / half_life)
        for article_id, views in bucket.items():
            scores[article_id] += views * weight
    return dict(scores)


def recompute(now: float | None = None) -> dict[str, list[dict]]:
    """Rank published articles by decayed views: the global list and one per
    edition, stored for the tag; old counts are pruned."""
    moment = time.time() if now is None else now
    half_life = settings.TRENDING_HALF_LIFE
    store = get_store()
    current = hour_of(moment)
    keep = window_hours(half_life)
    scores = decayed_scores(store.counts(current - keep, current), moment, half_life)
    rows = (
        Article.objects.published()
        .filter(pk__in=list(scores))
        .values_list("pk", "headline", "slug", "edition_id", "country__region__name")
    )
    ranked = sorted(rows, key=lambda r: (-scores[r[0]], -r[0]))
    lists: dict[str, list[dict]] = {GLOBAL: []}
    lists.update({slug: [] for slug in Edition.objects.values_list("slug", flat=True)})
    for pk, headline, slug, edition, region in ranked:
        item = {
            "id": pk,
            "headline": headline,
            "url": Article(pk=pk, slug=slug).get_absolute_url(),
            "region": region or "",
            "score": round(scores[pk], 3),
        }
        for key in (GLOBAL, edition):
            if key is not None and key in lists and len(lists[key]) < LIST_LENGTH:
                lists[key].append(item)
    store.save_lists(lists)
    store.prune(current, keep)
    return lists


def trending(edition: str = GLOBAL, limit: int = 10) -> list[dict]:
    """The last recomputed list: one read, cheap enough for every page."""
    return get_store().read_list(edition)[: max(0, limit)]
