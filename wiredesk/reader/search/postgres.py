"""PostgreSQL full-text search: a generated tsvector column with a GIN index.

Migration 0001 adds ``reader_searchentry.document`` (headline weighted A, body B,
stemmed in the configuration of SITE_LANGUAGE, ``language.py``) and its GIN index;
0004 keeps the table's rows narrow (``NARROW``); ``wiredesk searchindex rebuild``
makes both again (``index.rebuild``). Ranking is ``ts_rank_cd`` over a window of
the newest candidates (``ranking.py``); sorted by date, the date index is walked
or the few matches sorted. ``ts_headline`` runs for the page shown only.
"""

from __future__ import annotations

import json
import logging
import re
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from wiredesk.reader.search import language, ranking
from wiredesk.reader.search.query import (
    ParsedQuery,
    tsquery_expression,
    words_expression,
)


def create_statements(connection) -> list[str]:
    """The column and its GIN index, in the site's language (migration 0001)."""
    return [*before_load(connection), *after_load()]


def before_load(connection) -> list[str]:
    """The document column, stemmed by the configuration of SITE_LANGUAGE
    (``language.py``), its long values kept out of the rows as 0004 does."""
    config = config_for(connection)
    return [
        f"""ALTER TABLE reader_searchentry ADD COLUMN document tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('{config}'::regconfig, headline), 'A') ||
            setweight(to_tsvector('{config}'::regconfig, body), 'B')
        ) STORED""",
        "ALTER TABLE reader_searchentry ALTER COLUMN document SET STORAGE EXTERNAL",
    ]


def after_load() -> list[str]:
    """The GIN index (built faster once the rows are in) and fresh statistics,
    which the planner's estimates of a word's matches come from (``_probe``)."""
    return [
        "CREATE INDEX reader_searchentry_document ON reader_searchentry "
        "USING GIN (document)",
        "ANALYZE reader_searchentry",
    ]


def config_for(connection, site_language: str | None = None) -> str:
    """The configuration for SITE_LANGUAGE if this server has it, else "simple"."""
    wanted = language.pg_config(site_language)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [wanted])
        if cursor.fetchone():
            return wanted
    log.warning("PostgreSQL has no %r text search configuration: using simple", wanted)
    return language.FALLBACK_CONFIG


_COLUMN_CONFIG = re.compile(r"to_tsvector\('([a-z_]+)'::regconfig")
_cached: dict[str, tuple[str, float]] = {}  # database alias → (config, until)
CONFIG_SECONDS = 60.0


def index_config(connection) -> str:
    """The configuration the document column was made with: queries must be parsed
    with it to find its words. Read from the column's definition at most once a
    minute per process, so a rebuild in another language is followed without a
    restart (``language.py``)."""
    now = time.monotonic()
    cached = _cached.get(connection.alias)
    if cached and cached[1] > now:
        return cached[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
            "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE d.adrelid = 'reader_searchentry'::regclass "
            "AND a.attname = 'document'"
        )
        row = cursor.fetchone()
    found = _COLUMN_CONFIG.search(row[0]) if row else None
    config = found.group(1) if found else language.pg_config()
    wanted = language.pg_config()
    if config != wanted and (not cached or cached[0] != config):
        log.warning(
            "The search index stems words as %r where SITE_LANGUAGE %r asks for "
            "%r: run `wiredesk searchindex rebuild`",
            config,
            settings.SITE_LANGUAGE,
            wanted,
        )
    _cached[connection.alias] = (config, now + CONFIG_SECONDS)
    return config


def forget_config() -> None:
    """Read the column's configuration again at the next search (after a rebuild)."""
    _cached.clear()


DROP = [
    "DROP INDEX IF EXISTS reader_searchentry_document",
    "ALTER TABLE reader_searchentry DROP COLUMN IF EXISTS document",
]
# Migration 0004: the long values (body, document) move out of the table's rows into
# its TOAST table, the document uncompressed. A row is then ~100 bytes instead of
# ~4 KB, so the matches of a common word lie on ~1,300 pages instead of ~7,000,
# and reading a window's documents (uncompressed) is cheaper. The UPDATE writes
# the existing rows again in that layout (about a minute per 100,000 articles).
NARROW = [
    "ALTER TABLE reader_searchentry SET (toast_tuple_target = 128)",
    "ALTER TABLE reader_searchentry ALTER COLUMN document SET STORAGE EXTERNAL",
    "UPDATE reader_searchentry SET headline = headline",
]
WIDE = [
    "ALTER TABLE reader_searchentry RESET (toast_tuple_target)",
    "ALTER TABLE reader_searchentry ALTER COLUMN document SET STORAGE EXTENDED",
]
log = logging.getLogger(__name__)

PROBE_ABOVE = 4  # estimated candidates per window size above which _probe guesses
# Sorted by date, walking the (updated_at, id) index costs per article about half
# of what fetching one match and sorting it costs (measured roughly at 100,000
# articles; the rule that uses it is ranking.few_enough).
WALK_PER_MATCH = 2


def page_ids(
    query: ParsedQuery,
    where: str,
    params: list,
    sort: str,
    limit: int,
    offset: int,
    filtered: bool = False,
) -> list[int]:
    """Ids of one page of visible matches (``where`` is the ORM's, on desk_article).

    The planner is told not to scan tables whole, for this transaction only: it
    does not count the cost of reading a TOASTed document, so with narrow rows it
    takes a sequential scan testing ``@@`` on every document for cheap (114 ms at
    20,000 articles, against 1 ms through the GIN index)."""
    with transaction.atomic(), connection.cursor() as cursor:
        config = index_config(connection)
        cursor.execute("SET LOCAL enable_seqscan = off")
        if sort == "date":
            ids = _by_date(
                cursor, config, query, where, params, limit, offset, filtered
            )
        else:
            ids = ranking.relevance_ids(
                cursor,
                lambda below, size: _window(cursor, config, query, below, size),
                where,
                params,
                offset + limit,
            )[offset:]
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
        return ids


@contextmanager
def _bitmaps_only(cursor):
    """Within search's transaction, no plain index scans either, for a statement
    that tests ``@@``: the planner may walk the primary key and test ``@@`` on
    each row it passes (reading each document: 40 ms for 9,000 rows), where the
    GIN bitmap, alone or ANDed with the key's range, reads only the matches."""
    cursor.execute("SET LOCAL enable_indexscan = off")
    yield
    cursor.execute("SET LOCAL enable_indexscan TO DEFAULT")


def _window(
    cursor, config: str, query: ParsedQuery, below: int | None, size: int
) -> tuple[list[int], int | None]:
    """The newest ``size`` candidates under ``below``, matches ranked by
    ``ts_rank_cd``; and the window's floor when it was full.

    Candidates are the entries holding every word (``words_expression``): the GIN
    index answers that without reading a document, so only the window's documents
    are read (for a phrase's word positions and for ranking). For a common word
    the candidates are first looked for among the newest ids only (``_probe``).
    """
    ceiling = ranking.NO_CEILING if below is None else below
    lowest = _probe(cursor, config, words_expression(query), ceiling, size)
    with _bitmaps_only(cursor):
        rows = _candidates(cursor, config, query, ceiling, lowest, size)
        if lowest and (not rows or rows[0][3] < size):  # the guess was short
            rows = _candidates(cursor, config, query, ceiling, 0, size)
    ids = [pk for pk, matched, _, _ in rows if matched]
    full = bool(rows) and rows[0][3] == size
    return ids, rows[0][2] if full else None


def _probe(cursor, config: str, words: str, ceiling: int, size: int) -> int:
    """The lowest id among which the newest ``size`` candidates probably lie, or 0.

    The planner's estimate of the matches (from the GIN statistics) gives their
    density; the range is taken half as large again as it predicts. Then the GIN
    and primary-key bitmaps are intersected, and only the rows in range are read:
    1,300 pages become 120 for a word in 8 % of 100,000 articles. A wrong guess
    costs one more query, never a wrong answer (``_window`` checks the count)."""
    cursor.execute(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM reader_searchentry "
        f"WHERE document @@ to_tsquery('{config}', %s)",
        [words],
    )
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    estimate = plan[0]["Plan"]["Plan Rows"]
    if estimate < PROBE_ABOVE * size:
        return 0
    cursor.execute("SELECT max(article_id) FROM reader_searchentry")
    articles = cursor.fetchone()[0] or 0
    top = min(ceiling, articles + 1)
    return max(0, top - int(size * articles / estimate * 1.5))


def _candidates(
    cursor, config: str, query: ParsedQuery, ceiling: int, lowest: int, size: int
) -> list[tuple[int, bool, int, int]]:
    """(id, matches, window floor, window size) of the newest ``size`` candidates
    in [lowest, ceiling), best first. ``article_id + 0`` keeps the planner from
    walking the primary key and reading every document on its way."""
    phrase = _has_phrase(query)
    hit = "c.document @@ q" if phrase else "true"
    hits_first = f"{hit} DESC, " if phrase else ""
    cursor.execute(
        f"SELECT c.article_id, {hit}, min(c.article_id) OVER (), count(*) OVER () "
        "FROM (SELECT article_id, document FROM reader_searchentry "
        f"WHERE document @@ to_tsquery('{config}', %s) "
        "AND article_id >= %s AND article_id < %s "
        "ORDER BY article_id + 0 DESC LIMIT %s) c "
        f"CROSS JOIN to_tsquery('{config}', %s) q "
        f"ORDER BY {hits_first}ts_rank_cd(c.document, q) DESC, c.article_id DESC",
        [words_expression(query), lowest, ceiling, size, tsquery_expression(query)],
    )
    return cursor.fetchall()


def _by_date(
    cursor, config: str, query: ParsedQuery, where: str, params: list,
    limit: int, offset: int, filtered: bool,
) -> list[int]:  # fmt: skip
    """Newest first: walk the date index, or sort the few matches (``ranking``).

    Candidates hold every word (no document read, see ``_window``); a phrase is
    checked on the candidates that pass everything else."""
    candidates = (
        "SELECT article_id FROM reader_searchentry "
        f"WHERE document @@ to_tsquery('{config}', %s)"
    )
    cursor.execute("SELECT max(article_id) FROM reader_searchentry")
    articles = cursor.fetchone()[0] or 0
    few = ranking.few_enough(offset + limit, articles, WALK_PER_MATCH, filtered)
    words = words_expression(query)
    with _bitmaps_only(cursor):
        cursor.execute(f"{candidates} LIMIT %s", [words, few + 1])
        found = [row[0] for row in cursor.fetchall()]
    if not found:
        return []
    if len(found) <= few:
        sql = f'"desk_article"."id" = ANY(%s) AND ({where})'
        values = [found, *params]
    else:
        # "IS TRUE" keeps the candidates a hashed subplan, built once and probed by
        # the walk, where a semi-join could scan them once per article walked.
        sql = f'("desk_article"."id" IN ({candidates})) IS TRUE AND ({where})'
        values = [words, *params]
    if _has_phrase(query):
        sql += (
            " AND EXISTS (SELECT 1 FROM reader_searchentry e "
            'WHERE e.article_id = "desk_article"."id" '
            f"AND e.document @@ to_tsquery('{config}', %s))"
        )
        values.append(tsquery_expression(query))
    cursor.execute(
        f'SELECT "desk_article"."id" FROM "desk_article" WHERE {sql} '
        'ORDER BY "desk_article"."updated_at" DESC, "desk_article"."id" DESC '
        "LIMIT %s OFFSET %s",
        [*values, limit, offset],
    )
    return [row[0] for row in cursor.fetchall()]


def _has_phrase(query: ParsedQuery) -> bool:
    return any(len(term.words) > 1 for term in query.terms)


def snippets(
    query: ParsedQuery, ids: list[int], start: str, end: str
) -> dict[int, tuple[str, str]]:
    """Article id → (headline, body fragment), matched words between the markers."""
    if not ids:
        return {}
    config = index_config(connection)
    marks = f"StartSel={start}, StopSel={end}"
    sql = (
        f"SELECT e.article_id, ts_headline('{config}', e.headline, q, %s), "
        f"ts_headline('{config}', e.body, q, %s) "
        f"FROM reader_searchentry e CROSS JOIN to_tsquery('{config}', %s) q "
        "WHERE e.article_id = ANY(%s)"
    )
    body_options = (
        f'{marks}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                f"{marks}, HighlightAll=true",
                body_options,
                tsquery_expression(query),
                ids,
            ],
        )
        return {pk: (headline, body) for pk, headline, body in cursor.fetchall()}
