"""PostgreSQL full-text search: a generated tsvector column with a GIN index.

Migration 0001 adds ``reader_searchentry.document`` (headline weighted A, body B,
stemmed in the configuration of SITE_LANGUAGE, ``language.py``) and its GIN index;
0004 keeps the table's rows narrow (``NARROW``), 0005 writes entries straight into
the GIN index (``DIRECT_GIN``); ``wiredesk searchindex rebuild`` makes both again
(``index.rebuild``). Ranking is ``ts_rank_cd`` over a window of the newest
candidates (``ranking.py``); sorted by date, the date index is walked or the few
matches sorted. Snippets are made in Python for the page shown only
(``highlight.py``).
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import connection, transaction

from wiredesk.reader.search import highlight, language, ranking
from wiredesk.reader.search.query import (
    ParsedQuery,
    tsquery_expression,
    words_expression,
)

# What the relevance statement reads for the page besides its ids (one round trip
# less, see ``_candidates``): the query as the index's configuration parses it
# (``q::text``), and id → (headline, body) of the page's hits.
Texts = tuple[str, dict[int, tuple[str, str]]]


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
    """The GIN index (built faster once the rows are in; no pending list, see
    ``DIRECT_GIN``) and fresh statistics, which the planner's estimates of a
    word's matches come from (``_probe``)."""
    return [
        "CREATE INDEX reader_searchentry_document ON reader_searchentry "
        "USING GIN (document) WITH (fastupdate = off)",
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
    """Read the column's configuration (and the estimates) again at the next
    search (after a rebuild)."""
    _cached.clear()
    _estimates.clear()
    _newest_ids.clear()


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

# Migration 0005: GIN's "fast update" keeps new entries in a pending list that
# every search reads through in full until VACUUM (or 4 MB of it) merges it: up
# to hundreds of pages per search on a busy desk. A news site writes an article
# now and then and searches all the time, so entries go straight into the index
# (a few milliseconds more per article saved); the list left is merged now.
DIRECT_GIN = [
    "ALTER INDEX reader_searchentry_document SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('reader_searchentry_document'::regclass)",
]
PENDING_GIN = ["ALTER INDEX reader_searchentry_document SET (fastupdate = on)"]
ROW_COST = 1.0  # cpu_tuple_cost for the relevance statements, see FEWEST_ROWS
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
) -> tuple[list[int], Texts | None]:
    """Ids of one page of visible matches (``where`` is the ORM's, on desk_article),
    and the texts of those the relevance statement read for ``snippets``.

    The planner does not count the cost of reading a TOASTed document, so for the
    search's statements only it is told to scan no table whole and walk no index
    in order (``BITMAPS_ONLY``): with narrow rows it would take a sequential scan
    testing ``@@`` on every document for cheap (114 ms at 20,000 articles, against
    1 ms through the GIN index), or walk the primary key testing ``@@`` on each row
    it passes (40 ms for 9,000 rows), where the GIN bitmap, alone or ANDed with the
    key's range, reads only the matches. Only the date sort's walk of the date
    index turns index walks on again.

    With parameters bound on the client (Django's default for psycopg 3), the
    settings travel in front of each statement, in one query string: PostgreSQL
    runs such a string as one implicit transaction, so ``SET LOCAL`` holds for the
    statement and ends with it, and no BEGIN and COMMIT round trips are needed
    (each costs 0.2-0.5 ms on a loaded machine, as much as a query). Otherwise the
    settings hold for one transaction."""
    outer = connection.in_atomic_block  # SET LOCAL would outlast the search
    with connection.cursor() as cursor:
        if not outer and isinstance(cursor.cursor, psycopg.ClientCursor):
            config = index_config(connection)
            if sort == "date":
                return _by_date(
                    cursor, config, query, where, params, limit, offset,
                    filtered, _newest(cursor), single=True,
                )  # fmt: skip
            newest, estimate = _newest_and_estimate(cursor, config, query)
            return _relevance(
                cursor, config, query, where, params, limit, offset,
                newest, estimate, FEWEST_ROWS,
            )  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        if outer:
            cursor.execute(SAVE_SETTINGS)
            saved = list(cursor.fetchone())
        config = index_config(connection)
        if sort == "date":
            cursor.execute(BITMAPS_ONLY)
            newest = cursor.fetchone()[-1] or 0
            found = _by_date(
                cursor, config, query, where, params, limit, offset, filtered, newest
            )
        else:
            cursor.execute(FEWEST_ROWS)
            newest, estimate = _newest_and_estimate(cursor, config, query)
            found = _relevance(
                cursor, config, query, where, params, limit, offset, newest,
                estimate, "",
            )  # fmt: skip
        if outer:  # inside a caller's transaction: give it back its planner
            cursor.execute(RESTORE_SETTINGS, saved)
        return found


def _relevance(
    cursor, config: str, query: ParsedQuery, where: str, params: list,
    limit: int, offset: int, newest: int, estimate: float, settings: str,
) -> tuple[list[int], Texts | None]:  # fmt: skip
    """``ranking.relevance_ids``; the first window's statement also says which of
    its first ranked ids are visible, and reads the texts of the page's hits when
    they lie among those (two round trips less)."""
    needed = offset + limit
    check = Check(where, params, ranking.first_chunk(needed), offset, limit)
    texts: list[Texts] = []

    def window(below: int | None, size: int) -> tuple:
        first = check if below is None else None
        return _window(
            cursor, config, query, below, size, newest, estimate, settings, first,
            texts,
        )  # fmt: skip

    ids = ranking.relevance_ids(cursor, window, where, params, needed, check=_visible)[
        offset:
    ]
    return ids, texts[-1] if texts else None


@dataclass(frozen=True)
class Check:
    """What the first window's statement checks besides ranking: which of its
    first ``first`` ranked ids pass ``where``, and the texts of the visible ones
    at places [offset, offset + limit) (the page, when it lies among them)."""

    where: str
    params: list
    first: int
    offset: int
    limit: int


NO_WALKS = (
    "SELECT set_config('enable_seqscan', 'off', true), "
    "set_config('enable_indexscan', 'off', true)"
)
BITMAPS_ONLY = f"{NO_WALKS}, ({ranking.NEWEST_ID})"
# The date sort's last statement: the date index may be walked.
WALKS = (
    "SELECT set_config('enable_seqscan', 'off', true), "
    "set_config('enable_indexscan', 'on', true)"
)
# Ranked by relevance, the planner may still pick the primary key's range alone
# and test ``@@`` on every row in it, reading each document from TOAST: it counts a
# row at cpu_tuple_cost (0.01), a TOAST fetch costs several page reads. For a prefix
# ("vacc*", whose GIN scan it prices high) that read 4,767 documents for 751
# candidates (40-47 ms, against 3-4 ms for the GIN and key bitmaps ANDed). At 1.0
# (0.2 was the least that switched at 100,000 articles) the plan that reads the
# fewest rows wins: the GIN bitmap ANDed with the range. Only the search's
# statements see it (SET LOCAL, like the two above).
# Inside a caller's transaction the search's SET LOCALs would hold until it ends:
# the values before the search are read first and put back after it.
SAVE_SETTINGS = (
    "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
    "current_setting('cpu_tuple_cost')"
)
RESTORE_SETTINGS = (
    "SELECT set_config('enable_seqscan', %s, true), "
    "set_config('enable_indexscan', %s, true), "
    "set_config('cpu_tuple_cost', %s, true)"
)
FEWEST_ROWS = (
    "SELECT set_config('enable_seqscan', 'off', true), "
    "set_config('enable_indexscan', 'off', true), "
    f"set_config('cpu_tuple_cost', '{ROW_COST}', true)"
)


# The newest id and the planner's estimate of a query's candidates, per process:
# both only place the first window's guessed range (``_probe``), which is checked
# by a count, so a figure a minute old costs at most one more query. The estimate
# comes from the statistics ANALYZE keeps (hourly, or autovacuum's); the newest id
# moves with each article, and an older one only widens the guess.
ESTIMATE_SECONDS = 60.0
ESTIMATES_KEPT = 2000
_estimates: dict[tuple[str, str, str], tuple[int, float, float]] = {}


_newest_ids: dict[str, tuple[int, float]] = {}  # database alias → (id, until)


def _newest(cursor) -> int:
    """The newest entry's id, remembered for ESTIMATE_SECONDS (the date sort's
    choice of plan, ``ranking.few_enough``, takes it for the archive's size)."""
    now = time.monotonic()
    known = _newest_ids.get(connection.alias)
    if known and known[1] > now:
        return known[0]
    cursor.execute(ranking.NEWEST_ID)
    top = cursor.fetchone()[0] or 0
    _newest_ids[connection.alias] = (top, now + ESTIMATE_SECONDS)
    return top


def _newest_and_estimate(cursor, config: str, query: ParsedQuery) -> tuple[int, float]:
    """The newest id and the planner's estimate of the candidates (from the GIN
    statistics), remembered for ESTIMATE_SECONDS; asked in one round trip when
    the cursor binds parameters on the client (it may send two statements)."""
    key = (connection.alias, config, words_expression(query))
    now = time.monotonic()
    known = _estimates.get(key)
    if known and known[2] > now:
        return known[0], known[1]
    top, estimate = _ask_newest_and_estimate(cursor, config, query)
    if len(_estimates) >= ESTIMATES_KEPT:
        _estimates.clear()
    _estimates[key] = (top, estimate, now + ESTIMATE_SECONDS)
    return top, estimate


def _ask_newest_and_estimate(
    cursor, config: str, query: ParsedQuery
) -> tuple[int, float]:
    newest = ranking.NEWEST_ID
    explain = (
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM reader_searchentry "
        f"WHERE document @@ to_tsquery('{config}', %s)"
    )
    words = [words_expression(query)]
    if isinstance(cursor.cursor, psycopg.ClientCursor):
        cursor.execute(f"{newest}; {explain}", words)
        top = cursor.fetchone()[0] or 0
        cursor.cursor.nextset()
    else:
        cursor.execute(newest)
        top = cursor.fetchone()[0] or 0
        cursor.execute(explain, words)
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return top, plan[0]["Plan"]["Plan Rows"]


def _window(
    cursor, config: str, query: ParsedQuery, below: int | None, size: int,
    newest: int, estimate: float, settings: str,
    check: Check | None = None, texts: list[Texts] | None = None,
) -> tuple:  # fmt: skip
    """The newest ``size`` candidates under ``below``, matches ranked by
    ``ts_rank_cd``; and the window's floor when it was full.

    Candidates are the entries holding every word (``words_expression``): the GIN
    index answers that without reading a document, so only the window's documents
    are read (for a phrase's word positions and for ranking). For a common word
    the candidates are first looked for among the newest ids only (``_probe``).
    ``settings``, when given, is sent in front of each statement (``page_ids``);
    with ``check`` the visible ones among the first ranked ids come too
    (``ranking.Window``), and the page's texts are appended to ``texts``.
    """
    ceiling = ranking.NO_CEILING if below is None else below
    lowest = _probe(ceiling, size, newest, estimate)
    ids, floor, count, shown = _candidates(
        cursor, config, query, ceiling, lowest, size, settings, check, texts
    )
    if lowest and count < size:  # the guess was short
        ids, floor, count, shown = _candidates(
            cursor, config, query, ceiling, 0, size, settings, check, texts
        )
    if check is None:
        return ids, floor if count == size else None
    return ids, floor if count == size else None, (check.first, set(shown or ()))


def _probe(ceiling: int, size: int, articles: int, estimate: float) -> int:
    """The lowest id among which the newest ``size`` candidates probably lie, or 0.

    The planner's estimate of the matches (``_newest_and_estimate``) gives their
    density; the range is taken half as large again as it predicts. Then the GIN
    and primary-key bitmaps are intersected, and only the rows in range are read:
    1,300 pages become 120 for a word in 8 % of 100,000 articles. A wrong guess
    costs one more query, never a wrong answer (``_window`` checks the count)."""
    if estimate < PROBE_ABOVE * size:
        return 0
    top = min(ceiling, articles + 1)
    return max(0, top - int(size * articles / estimate * 1.5))


def _candidates(
    cursor, config: str, query: ParsedQuery, ceiling: int, lowest: int, size: int,
    settings: str = "", check: Check | None = None,
    texts: list[Texts] | None = None,
) -> tuple[list[int], int | None, int, list[int] | None]:  # fmt: skip
    """(the matches best first, the lowest id, how many, and with ``check`` the
    visible ones among the first ranked) of the newest ``size`` candidates in
    [lowest, ceiling); one row, not one per candidate. Only a phrase's candidates
    that hold it are ranked. ``article_id + 0`` keeps the planner from walking the
    primary key and reading every document on its way.

    With ``check``, the same row brings the headlines and bodies of the visible
    ranked ids at the page's places and the query's lexemes (``snippets``), which
    cost a statement of their own before (0.5-1 ms a search, 0.3 ms of it the
    server's). (``OFFSET 0`` keeps the visible ids one value, checked once.)"""
    hit = " FILTER (WHERE c.document @@ q)" if _has_phrase(query) else ""
    ranked = (
        "SELECT array_agg(c.article_id "
        f"ORDER BY ts_rank_cd(c.document, q) DESC, c.article_id DESC){hit} AS ids, "
        "min(c.article_id) AS floor, count(*) AS n "
        "FROM (SELECT article_id, document FROM reader_searchentry "
        f"WHERE document @@ to_tsquery('{config}', %s) "
        "AND article_id >= %s AND article_id < %s "
        "ORDER BY article_id + 0 DESC LIMIT %s) c "
        f"CROSS JOIN to_tsquery('{config}', %s) q"
    )
    terms = tsquery_expression(query)
    values = [words_expression(query), lowest, ceiling, size, terms]
    if check is None:
        sql = ranked
    else:
        sql = (
            f"SELECT r.ids, r.floor, r.n, v.shown, t.ids, t.headlines, t.bodies, "
            f"to_tsquery('{config}', %s)::text FROM ({ranked}) r "
            "CROSS JOIN LATERAL (SELECT ARRAY("
            f"{_BY_ID.format(ids='r.ids[1:%s]', where=check.where)}"
            ") AS shown OFFSET 0) v "
            "CROSS JOIN LATERAL (SELECT array_agg(e.article_id) AS ids, "
            "array_agg(e.headline) AS headlines, "
            f"array_agg(left(e.body, {highlight.BODY_CHARS})) AS bodies "
            "FROM reader_searchentry e WHERE e.article_id = ANY(ARRAY("
            "SELECT u.id FROM unnest(r.ids[1:%s]) WITH ORDINALITY u(id, k) "
            "WHERE u.id = ANY(v.shown) ORDER BY u.k OFFSET %s LIMIT %s))) t"
        )
        values = [
            terms, *values, check.first, *check.params, check.first,
            check.offset, check.limit,
        ]  # fmt: skip
    cursor.execute((f"{settings}; " if settings else "") + sql, values)
    if settings:
        cursor.cursor.nextset()
    row = cursor.fetchone()
    if check is None:
        return row[0] or [], row[1], row[2], None
    if texts is not None:
        pks, headlines, bodies = row[4] or [], row[5] or [], row[6] or []
        page = zip(pks, zip(headlines, bodies, strict=True), strict=True)
        texts.append((row[7], dict(page)))
    return row[0] or [], row[1], row[2], row[3]


# The visible ones among some ids: the rows are read by id first, then filtered
# (OFFSET 0 keeps them apart). Given the ids and the filters in one WHERE, the
# planner ANDed the key's bitmap with a filter's index: for a country, 20,000
# entries read to check 450 ids (4 ms of a 4.4 ms check).
_BY_ID = (
    'SELECT "desk_article"."id" FROM (SELECT * FROM "desk_article" '
    'WHERE "desk_article"."id" = ANY({ids}) OFFSET 0) "desk_article" '
    "WHERE ({where})"
)


def _visible(cursor, ids: list[int], where: str, params: list) -> set[int]:
    """``ranking.visible``, the rows read by id first (``_BY_ID``)."""
    cursor.execute(_BY_ID.format(ids="%s", where=where), [ids, *params])
    return {row[0] for row in cursor.fetchall()}


def _by_date(
    cursor, config: str, query: ParsedQuery, where: str, params: list,
    limit: int, offset: int, filtered: bool, articles: int, single: bool = False,
) -> tuple[list[int], Texts | None]:  # fmt: skip
    """Newest first: walk the date index, or sort the few matches (``ranking``);
    and the page's texts for ``snippets``, read by the same statement.

    Candidates hold every word (no document read, see ``_window``); a phrase is
    checked on the candidates that pass everything else. ``single``: each
    statement carries its settings (``page_ids``), two round trips in all; else
    they hold for the caller's transaction (``BITMAPS_ONLY`` is set)."""
    candidates = (
        "SELECT article_id FROM reader_searchentry "
        f"WHERE document @@ to_tsquery('{config}', %s)"
    )
    few = ranking.few_enough(offset + limit, articles, WALK_PER_MATCH, filtered)
    words = words_expression(query)
    if single:
        cursor.execute(f"{NO_WALKS}; {candidates} LIMIT %s", [words, few + 1])
        cursor.cursor.nextset()
    else:
        cursor.execute(f"{candidates} LIMIT %s", [words, few + 1])
    found = [row[0] for row in cursor.fetchall()]
    if not found:
        return [], None
    # The walk of the date index, and the phrase's look-up of each candidate's
    # document, are index scans: allowed again for the last statement.
    if not single:
        cursor.execute("SET LOCAL enable_indexscan = on")
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
    page = (
        'SELECT "desk_article"."id", "desk_article"."updated_at" '
        f'FROM "desk_article" WHERE {sql} '
        'ORDER BY "desk_article"."updated_at" DESC, "desk_article"."id" DESC '
        "LIMIT %s OFFSET %s"
    )
    texts = (
        f"SELECT p.id, e.headline, left(e.body, {highlight.BODY_CHARS}), "
        f"to_tsquery('{config}', %s)::text FROM ({page}) p "
        "LEFT JOIN reader_searchentry e ON e.article_id = p.id "
        "ORDER BY p.updated_at DESC, p.id DESC"
    )
    values = [tsquery_expression(query), *values, limit, offset]
    if single:
        cursor.execute(f"{WALKS}; {texts}", values)
        cursor.cursor.nextset()
    else:
        cursor.execute(texts, values)
    rows = cursor.fetchall()
    read = {pk: (head, body) for pk, head, body, _ in rows if head is not None}
    return [row[0] for row in rows], (rows[0][3], read) if rows else None


def _has_phrase(query: ParsedQuery) -> bool:
    return any(len(term.words) > 1 for term in query.terms)


def snippets(
    query: ParsedQuery, ids: list[int], start: str, end: str, known: Texts | None
) -> dict[int, tuple[str, str]]:
    """Article id → (headline, body passage), matched words between the markers.

    The page's headlines and bodies and the query as the index's configuration
    parses it (its lexemes) come from ``known`` (read by the relevance statement)
    or else from one statement; the marking and the passage are made in Python
    (``highlight.py``), where ``ts_headline`` cost the server 4–5 ms of CPU a
    page."""
    if not ids:
        return {}
    config = index_config(connection)
    parsed, texts = known or (None, {})
    missing = [pk for pk in ids if pk not in texts]
    if missing:
        texts = dict(texts)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.article_id, e.headline, "
                f"left(e.body, {highlight.BODY_CHARS}), q::text "
                "FROM reader_searchentry e "
                f"CROSS JOIN to_tsquery('{config}', %s) q "
                "WHERE e.article_id = ANY(%s)",
                [tsquery_expression(query), missing],
            )
            rows = cursor.fetchall()
        for pk, headline, body, lexemes in rows:
            texts[pk], parsed = (headline, body), lexemes
    if parsed is None or not texts:
        return {}
    marker = highlight.Marker(config, highlight.lexemes(parsed), start, end)
    return {
        pk: (marker.mark(texts[pk][0]), marker.passage(texts[pk][1]))
        for pk in ids
        if pk in texts
    }
