"""What a front page (the main home or an edition's home) shows, block by block.

Each block is one query whatever the number of articles, so the home page's query
count is fixed (tests/test_reader_queries.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.utils import timezone

from wiredesk.desk.models import Article, Brief
from wiredesk.reader.rows import published_teasers
from wiredesk.taxonomy.models import Edition

TOP = 5
LATEST = 10
CANDIDATES = 40  # recent articles weighed for the top stories when none is pinned
RECENT = 400  # the blocks are drawn from this many latest articles: bounded work
RECENT_DAYS = 30  # ... published in this many days (a rare kind scans no further)
PER_SECTION = 3
PER_SECTOR = 4
SECTOR_BLOCKS = 8
BRIEFS = 6
SECTIONS = (Article.Kind.OPINION, Article.Kind.BLOG, Article.Kind.INTERVIEW)


@dataclass
class SectorBlock:
    slug: str
    name: str
    articles: list[Article] = field(default_factory=list)


@dataclass
class Front:
    top: list[Article]
    latest: list[Article]
    sections: list[tuple[str, str, list[Article]]]  # (kind, label, articles)
    briefs: list[Brief]
    sectors: list[SectorBlock]


class Weighed(NamedTuple):
    """What ``importance`` reads of a candidate (no model instance needed)."""

    pk: int
    updated_at: datetime
    agencies: list[str] | None


def visible(edition: Edition | None) -> QuerySet:
    articles = Article.objects.published().teasers()
    return articles.in_edition(edition) if edition else articles


def importance(article: Article | Weighed, now) -> float:
    """Recent and widely told first: agencies telling it, decayed by age (hours)."""
    hours = max(0.0, (now - article.updated_at).total_seconds() / 3600)
    return (1 + math.log1p(len(article.agencies or ()))) / (hours + 2) ** 1.5


def top_stories(edition: Edition | None) -> list[Article]:
    """The desk's pins for this home, in its order; else the most important news."""
    pinned = list(
        visible(edition)
        .filter(pins__edition=edition)
        .order_by("pins__position", "pins__pk")[:TOP]
        if edition
        else visible(None)
        .filter(pins__isnull=False, pins__edition__isnull=True)
        .order_by("pins__position", "pins__pk")[:TOP]
    )
    if pinned:
        return pinned
    now = timezone.now()
    news = visible(edition).filter(kind=Article.Kind.NEWS)
    # Weigh the candidates from three columns; make teasers of the chosen only.
    candidates = news.latest_first().values_list("pk", "updated_at", "agencies")
    weighed = sorted(
        candidates[:CANDIDATES],
        key=lambda row: -importance(Weighed(*row), now),
    )
    chosen = [pk for pk, _, _ in weighed[:TOP]]
    found = published_teasers.in_bulk(chosen)
    return [found[pk] for pk in chosen if pk in found]


def ranked(articles: QuerySet, partition: str, limit: int) -> list[Article]:
    """The ``limit`` latest articles of each value of ``partition``, drawn from the
    RECENT latest of ``articles`` of the last RECENT_DAYS: one query walking the
    latest-first index for (id, partition) pairs, so its cost does not grow with
    the archive, and one for the chosen teasers (making 400 full teasers with
    their joins cost half of the home page)."""
    counts: dict[object, int] = {}
    chosen = []
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = articles.filter(updated_at__gte=since).latest_first()
    for pk, key in recent.values_list("pk", partition)[:RECENT]:
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= limit:
            chosen.append(pk)
    found = published_teasers.in_bulk(chosen)
    return [found[pk] for pk in chosen if pk in found]


def briefs(edition: Edition | None, limit: int = BRIEFS) -> QuerySet:
    found = Brief.objects.filter(
        status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
    )
    if edition:
        found = found.filter(Q(edition=edition) | Q(edition__isnull=True))
    return found.order_by("-published_at", "-pk")[:limit]


def front(edition: Edition | None, sectors: tuple[tuple[str, str], ...]) -> Front:
    """Every block of the home page of ``edition`` (None: the main home)."""
    top = top_stories(edition)
    shown = [a.pk for a in top]
    latest = list(
        visible(edition)
        .filter(kind=Article.Kind.NEWS)
        .exclude(pk__in=shown)
        .latest_first()[:LATEST]
    )
    # One query per section on the (kind, updated_at) index: rare kinds stay cheap.
    by_kind = {
        kind: list(visible(edition).filter(kind=kind).latest_first()[:PER_SECTION])
        for kind in SECTIONS
    }
    labels = dict(Article.Kind.choices)
    blocks = {slug: SectorBlock(slug, name) for slug, name in sectors}
    news = visible(edition).filter(kind=Article.Kind.NEWS, sector__isnull=False)
    for article in ranked(news, "sector_id", PER_SECTOR):
        blocks[article.sector_id].articles.append(article)
    return Front(
        top=top,
        latest=latest,
        sections=[(k, labels[k], by_kind.get(k, [])) for k in SECTIONS],
        briefs=list(briefs(edition)),
        sectors=[b for b in blocks.values() if b.articles][:SECTOR_BLOCKS],
    )
