"""Full-text search of articles behind one interface.

``search()`` takes a parsed query (``query.parse``), filters and a sort, and returns
one page of hits with highlighted snippets. The work is done by the database's own
engine through a backend chosen by the connection's vendor: SQLite FTS5
(``sqlite.py``) on the embedded default, PostgreSQL full-text search
(``postgres.py``) at scale. Which articles may be found is decided by
``Article.objects.published()``: its WHERE clause is compiled by the ORM and placed
in the backend's query, so search never has a visibility rule of its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wiredesk.compiled import MARKER_NOW
from wiredesk.desk.models import Article
from wiredesk.reader.rows import published_teasers
from wiredesk.reader.search import postgres, sqlite
from wiredesk.reader.search.query import ParsedQuery, parse

__all__ = ["Filters", "Hit", "SearchPage", "parse", "search"]

log = logging.getLogger(__name__)

PAGE_SIZE = 20
MAX_PAGES = 50  # deep pages of a search cost much and are never read
SORTS = ("relevance", "date")
MARK_START, MARK_END = "\ue000", "\ue001"
BACKENDS = {"sqlite": sqlite, "postgresql": postgres}


@dataclass(frozen=True)
class Filters:
    sector: str | None = None
    country: str | None = None
    edition: str | None = None
    since: date | None = None
    until: date | None = None

    def apply(self, articles: QuerySet, rows: int) -> QuerySet:
        """``articles`` passing the filters, for reading their first ``rows``
        (a sector's or an edition's plan depends on it: ``ArticleQuerySet.about``;
        on SQLite a rare one's conditions hold its ids of the moment)."""
        if self.sector:
            articles = articles.about("sector", "secondary_sectors", self.sector, rows)
        if self.country:
            articles = articles.filter(country_id=self.country)
        if self.edition:
            articles = articles.in_edition(self.edition, rows=rows)
        zone = ZoneInfo(settings.SITE_TIME_ZONE)
        if self.since:
            articles = articles.filter(
                updated_at__gte=datetime.combine(self.since, time(), zone)
            )
        if self.until:
            end = datetime.combine(self.until + timedelta(days=1), time(), zone)
            articles = articles.filter(updated_at__lt=end)
        return articles


@dataclass(frozen=True)
class Hit:
    article: Article
    headline: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class SearchPage:
    hits: list[Hit]
    number: int
    has_next: bool
    failed: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def search(
    query: ParsedQuery, filters: Filters, sort: str = "relevance", number: int = 1
) -> SearchPage:
    """One page of published articles matching ``query`` (or, with no words, the
    filtered articles newest first). A database error is logged and shown as a
    failed search, never raised."""
    number = max(1, min(number, MAX_PAGES))
    offset = (number - 1) * PAGE_SIZE
    try:
        if not query:
            visible = filters.apply(Article.objects.published(), offset + PAGE_SIZE + 1)
            rows = list(
                visible.teasers().latest_first()[offset : offset + PAGE_SIZE + 1]
            )
            hits = [Hit(a, escape(a.headline), escape(a.standfirst)) for a in rows]
            return SearchPage(hits[:PAGE_SIZE], number, len(hits) > PAGE_SIZE)
        backend = BACKENDS[connection.vendor]
        where, params = _visible_conditions(filters, offset + PAGE_SIZE + 1)
        ids, known = backend.page_ids(
            query, where, params, sort if sort in SORTS else SORTS[0],
            PAGE_SIZE + 1, offset, filtered=filters != Filters(),
        )  # fmt: skip
        shown = ids[:PAGE_SIZE]
        articles = published_teasers.in_bulk(shown)
        marked = backend.snippets(query, shown, MARK_START, MARK_END, known)
    except DatabaseError:
        log.exception("search failed for %r", query.text)
        return SearchPage([], number, False, failed=True)
    hits = [
        Hit(articles[pk], *(_marked(t) for t in marked.get(pk, ("", ""))))
        for pk in shown
        if pk in articles
    ]
    return SearchPage(hits, number, len(ids) > PAGE_SIZE)


# The WHERE clause of each set of filters, compiled with a marker for the time
# (``_visible_conditions``): (SQL, parameters, the time's place among them).
_compiled: dict[tuple[str, str, Filters], tuple[str, list, int]] = {}
COMPILED_KEPT = 500


def _visible_conditions(filters: Filters, rows: int) -> tuple[str, list]:
    """``_conditions`` of the published articles passing ``filters``, now, for
    reading the first ``rows`` matches.

    Building and compiling the queryset cost about 0.25 ms a search; its SQL
    differs only in the time (``published``'s expiry), so it is compiled once per
    set of filters with a marker time (``compiled.py``'s) and the time put in its
    place. Should the marker not be found exactly once, it is compiled each time.
    So is a filter by a rare sector or edition, which on SQLite is read by its
    ids (``ArticleQuerySet.about``; a search by date in an edition with no
    articles: 25 → 1.8 ms at 100,000 articles): those must be the ids of the
    moment."""
    # A date range's bounds are days in SITE_TIME_ZONE: the zone is in the key.
    key = (connection.alias, settings.SITE_TIME_ZONE, filters)
    known = _compiled.get(key)
    field = Article._meta.get_field("expire_at")
    if known is None:
        marked = filters.apply(Article.objects.published(MARKER_NOW), rows)
        where, params = _conditions(marked)
        marker = field.get_db_prep_value(MARKER_NOW, connection)
        slots = [i for i, value in enumerate(params) if value == marker]
        if len(slots) != 1:
            return _conditions(filters.apply(Article.objects.published(), rows))
        known = (where, params, slots[0])
        if not marked.volatile:  # a rare term's ids of the moment: never kept
            if len(_compiled) >= COMPILED_KEPT:
                _compiled.clear()
            _compiled[key] = known
    where, params, slot = known
    params = list(params)
    params[slot] = field.get_db_prep_value(timezone.now(), connection)
    return where, params


def _conditions(articles: QuerySet) -> tuple[str, list]:
    """The ORM's WHERE clause of ``articles``, on the table "desk_article"."""
    compiler = articles.query.get_compiler(using=articles.db)
    try:
        sql, params = compiler.compile(articles.query.where)
    except EmptyResultSet:
        return "1 = 0", []
    return sql or "1 = 1", list(params)


def _marked(text: str) -> SafeString:
    """Escaped text whose marker characters become <mark> elements."""
    return mark_safe(
        escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )
