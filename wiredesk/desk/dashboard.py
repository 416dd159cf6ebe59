"""Figures for the desk home: what came in, what went out, how the sources are."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from wiredesk.desk.charts import Series, bar_chart
from wiredesk.desk.models import Article
from wiredesk.ingest.models import FetchRun, Source, WireItem


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.SITE_TIME_ZONE)


def _by_source(rows, keys: list, key_of) -> list[Series]:
    per: dict[str, dict] = {}
    for row in rows:
        per.setdefault(row["source__name"], {})[key_of(row["t"])] = row["n"]
    return [
        Series(name, [values.get(k, 0) for k in keys])
        for name, values in sorted(per.items())
    ]


def ingested_per_hour(now: datetime | None = None) -> dict:
    """Items stored per source in each of the last 24 hours (site time)."""
    zone = _zone()
    now = (now or timezone.now()).astimezone(zone)
    end = now.replace(minute=0, second=0, microsecond=0)
    hours = [end - timedelta(hours=h) for h in range(23, -1, -1)]
    rows = (
        WireItem.objects.filter(fetched_at__gte=hours[0])
        .annotate(t=TruncHour("fetched_at", tzinfo=zone))
        .values("source__name", "t")
        .annotate(n=Count("pk"))
        .order_by()
    )
    keys = [h.replace(tzinfo=None) for h in hours]
    series = _by_source(rows, keys, lambda t: t.astimezone(zone).replace(tzinfo=None))
    labels = [f"{h:%H}h" for h in hours]
    return _chart("Items ingested per hour, last 24 hours", labels, series, 3)


def ingested_per_day(now: datetime | None = None) -> dict:
    """Items stored per source on each of the last 7 days (site time)."""
    zone = _zone()
    today = (now or timezone.now()).astimezone(zone).date()
    days = [today - timedelta(days=d) for d in range(6, -1, -1)]
    start = datetime.combine(days[0], datetime.min.time(), tzinfo=zone)
    rows = (
        WireItem.objects.filter(fetched_at__gte=start)
        .annotate(t=TruncDate("fetched_at", tzinfo=zone))
        .values("source__name", "t")
        .annotate(n=Count("pk"))
        .order_by()
    )
    series = _by_source(rows, days, lambda t: t)
    labels = [f"{d:%a %d}" for d in days]
    return _chart("Items ingested per day, last 7 days", labels, series, 1)


def published_per_day(now: datetime | None = None, days: int = 14) -> dict:
    """Articles first published on each of the last ``days`` days."""
    zone = _zone()
    today = (now or timezone.now()).astimezone(zone).date()
    dates = [today - timedelta(days=d) for d in range(days - 1, -1, -1)]
    start = datetime.combine(dates[0], datetime.min.time(), tzinfo=zone)
    counts = dict(
        Article.objects.filter(first_published_at__gte=start)
        .annotate(t=TruncDate("first_published_at", tzinfo=zone))
        .values_list("t")
        .annotate(n=Count("pk"))
        .order_by()
    )
    series = [Series("Published", [counts.get(d, 0) for d in dates])]
    labels = [f"{d:%d %b}" for d in dates]
    return _chart(
        f"Articles published per day, last {days} days", labels, series, 2, "articles"
    )


def _chart(title, labels, series, every, unit="items") -> dict:
    total = sum(sum(s.values) for s in series)
    return {
        "title": title,
        "total": total,
        "svg": bar_chart(
            title,
            labels,
            series,
            unit=unit,
            x_label=f"site time ({settings.SITE_TIME_ZONE})",
            label_every=every,
        ),
    }


def source_health() -> list[Source]:
    """Every source, failing ones first, with items stored in 24 hours."""
    return list(Source.objects.with_health().order_by("-consecutive_failures", "name"))


def recent_errors(limit: int = 10) -> list[FetchRun]:
    return list(
        FetchRun.objects.filter(outcome=FetchRun.Outcome.ERROR)
        .select_related("source")
        .order_by("-started_at")[:limit]
    )
