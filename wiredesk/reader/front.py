"""What a front page (the main home or an edition's home) shows, block by block.

Each block picks its ids with one query whatever the number of articles, and one
more query makes the teasers of all of them, so the home page's query count is
fixed (tests/test_reader_queries.py).
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


def scope(edition: Edition | None) -> Edition | None:
    """The edition whose articles a home lists: None (all) for the main home and
    for the global edition, which is the whole site's, as its digest is; drafting
    files there only the stories with no country, too few for a front page."""
    return None if edition is None or edition.whole_site else edition


def visible(edition: Edition | None) -> QuerySet:
    """Published articles of ``edition`` (None: all), as ids and columns: the
    blocks choose ids first and make teasers of the chosen in one query."""
    articles = Article.objects.published()
    return articles.in_edition(edition) if edition else articles


def importance(article: Article | Weighed, now) -> float:
    """Recent and widely told first: agencies telling it, decayed by age (hours)."""
    hours = max(0.0, (now - article.updated_at).total_seconds() / 3600)
    return (1 + math.log1p(len(article.agencies or ()))) / (hours + 2) ** 1.5


def _ids(articles: QuerySet, limit: int) -> list[int]:
    return list(articles.values_list("pk", flat=True)[:limit])


def newest(
    articles: QuerySet, edition: Edition | None, limit: int, *fields: str
) -> list[tuple]:
    """(id, updated_at, *fields) of the ``limit`` latest of ``articles`` in
    ``edition`` (None: all), latest first.

    For an edition its two halves are read apart, each in the latest-first order
    of an index (its own articles on ``reader_article_edition_latest``, those
    placed in it, few, through the placements) and each stopping at ``limit``,
    then merged: as one OR, SQLite gathered the whole edition and sorted it, or
    walked the whole archive for an edition with few articles."""
    columns = ("pk", "updated_at", *fields)
    if edition is None:
        return list(articles.latest_first().values_list(*columns)[:limit])
    placed = Article.editions.through.objects.filter(edition=edition)
    halves = (
        articles.filter(edition_id=edition.pk),
        articles.filter(pk__in=placed.values("article_id")),
    )
    rows = {}
    for half in halves:
        for row in half.latest_first().values_list(*columns)[:limit]:
            rows[row[0]] = row
    latest = sorted(rows.values(), key=lambda row: (row[1], row[0]), reverse=True)
    return latest[:limit]


def top_story_ids(edition: Edition | None) -> list[int]:
    """The desk's pins for this home, in its order; else the most important news."""
    pinned = (
        visible(scope(edition)).filter(pins__edition=edition)
        if edition
        else visible(None).filter(pins__isnull=False, pins__edition__isnull=True)
    )
    chosen = _ids(pinned.order_by("pins__position", "pins__pk"), TOP)
    if chosen:
        return chosen
    now = timezone.now()
    news = visible(None).filter(kind=Article.Kind.NEWS)
    # Weigh the candidates from three columns; make teasers of the chosen only.
    candidates = newest(news, scope(edition), CANDIDATES, "agencies")
    weighed = sorted(candidates, key=lambda row: -importance(Weighed(*row), now))
    return [pk for pk, _, _ in weighed[:TOP]]


def ranked_ids(
    articles: QuerySet, edition: Edition | None, partition: str, limit: int
) -> list[tuple[int, object]]:
    """(id, value) of the ``limit`` latest articles of each value of
    ``partition``, drawn from the RECENT latest of ``articles`` in ``edition`` of
    the last RECENT_DAYS: read in the order of a latest-first index for (id,
    partition) pairs, so its cost does not grow with the archive."""
    counts: dict[object, int] = {}
    chosen = []
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = articles.filter(updated_at__gte=since)
    for pk, _, key in newest(recent, edition, RECENT, partition):
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= limit:
            chosen.append((pk, key))
    return chosen


def briefs(edition: Edition | None, limit: int = BRIEFS) -> QuerySet:
    found = Brief.objects.filter(
        status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
    )
    if edition:
        found = found.filter(Q(edition=edition) | Q(edition__isnull=True))
    return found.order_by("-published_at", "-pk")[:limit]


def front(edition: Edition | None, sectors: tuple[tuple[str, str], ...]) -> Front:
    """Every block of the home page of ``edition`` (None: the main home).

    Each block picks its ids with a query on an index (no joins, cheap to build),
    and the teasers of all blocks come from one compiled query
    (``rows.published_teasers``): building the ORM's teaser query (four joins)
    cost more than running it, once per block.
    """
    top = top_story_ids(edition)
    edition = scope(edition)  # the pins above are the edition's own, the rest all
    news = visible(None).filter(kind=Article.Kind.NEWS)
    latest = [row[0] for row in newest(news.exclude(pk__in=top), edition, LATEST)]
    # One query per section on the (kind, updated_at) index, each piece tested for
    # the edition: rare kinds stay cheap (on the edition's index SQLite walked the
    # whole edition for a kind it does not have).
    by_kind = {
        kind: _ids(visible(edition).filter(kind=kind).latest_first(), PER_SECTION)
        for kind in SECTIONS
    }
    in_sector = news.filter(sector__isnull=False)
    pairs = ranked_ids(in_sector, edition, "sector_id", PER_SECTOR)
    # The first SECTOR_BLOCKS sectors of the menu that have articles.
    having = {sector for _, sector in pairs}
    shown = [(slug, name) for slug, name in sectors if slug in having]
    blocks = {slug: SectorBlock(slug, name) for slug, name in shown[:SECTOR_BLOCKS]}
    in_sectors = [(pk, sector) for pk, sector in pairs if sector in blocks]
    sectioned = [pk for ids in by_kind.values() for pk in ids]
    found = published_teasers.in_bulk(
        [*top, *latest, *sectioned, *(pk for pk, _ in in_sectors)]
    )

    def teasers(ids: list[int]) -> list[Article]:
        return [found[pk] for pk in ids if pk in found]

    labels = dict(Article.Kind.choices)
    for pk, sector in in_sectors:
        if pk in found:
            blocks[sector].articles.append(found[pk])
    return Front(
        top=teasers(top),
        latest=teasers(latest),
        sections=[(k, labels[k], teasers(by_kind[k])) for k in SECTIONS],
        briefs=list(briefs(edition)),
        sectors=[b for b in blocks.values() if b.articles],
    )
