"""SQLite FTS5: the virtual table ``reader_search_fts`` over ``reader_searchentry``.

The table and the triggers that keep it in step are made by migration 0001, and
again by ``wiredesk searchindex rebuild``, with the tokenizer of SITE_LANGUAGE. Ranking
is BM25 with the headline weighing ten times the body, computed inside the FTS
table over a window of the newest matches (``ranking.py``); sorted by date, the
date index is walked or every match fetched, whichever the match count says is
cheaper. Snippets are made for the page shown only.
"""

from __future__ import annotations

import re

from django.db import connection

from wiredesk.reader.search import language, ranking
from wiredesk.reader.search.query import ParsedQuery, fts5_expression

TABLE = "reader_search_fts"
HEADLINE_WEIGHT = 10.0
TRIGGERS = [
    f"""CREATE TRIGGER reader_search_ai AFTER INSERT ON reader_searchentry BEGIN
        INSERT INTO {TABLE}(rowid, headline, body)
        VALUES (new.article_id, new.headline, new.body); END""",
    f"""CREATE TRIGGER reader_search_ad AFTER DELETE ON reader_searchentry BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, headline, body)
        VALUES ('delete', old.article_id, old.headline, old.body); END""",
    f"""CREATE TRIGGER reader_search_au AFTER UPDATE ON reader_searchentry BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, headline, body)
        VALUES ('delete', old.article_id, old.headline, old.body);
        INSERT INTO {TABLE}(rowid, headline, body)
        VALUES (new.article_id, new.headline, new.body); END""",
]


def create_statements(connection) -> list[str]:
    """The FTS table, tokenized for SITE_LANGUAGE (``language.py``: Porter's
    stemmer for English only), and the triggers that keep it in step."""
    tokenizer = language.fts5_tokenizer()
    return [
        f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
        headline, body, content='reader_searchentry', content_rowid='article_id',
        tokenize='{tokenizer}')""",
        *TRIGGERS,
    ]


def before_load(connection) -> list[str]:
    return []


def after_load() -> list[str]:
    """After a rebuild has written the entries: the table, filled in one pass and
    merged into one b-tree ('optimize'), which queries read fastest."""
    return [
        *create_statements(None),
        f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
        f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')",
    ]


def index_tokenizer(connection) -> str | None:
    """The tokenizer the FTS table was made with (None without the table)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [TABLE])
        row = cursor.fetchone()
    found = re.search(r"tokenize='([^']*)'", row[0]) if row else None
    return found.group(1) if found else None


DROP = [
    "DROP TRIGGER IF EXISTS reader_search_ai",
    "DROP TRIGGER IF EXISTS reader_search_ad",
    "DROP TRIGGER IF EXISTS reader_search_au",
    f"DROP TABLE IF EXISTS {TABLE}",
]
# Sorted by date, walking the (updated_at, id) index and testing each article
# against the matches costs about a fifteenth of looking up one match and sorting.
WALK_PER_MATCH = 15


def page_ids(
    query: ParsedQuery,
    where: str,
    params: list,
    sort: str,
    limit: int,
    offset: int,
    filtered: bool = False,
) -> tuple[list[int], None]:
    """Ids of one page of visible matches (``where`` is the ORM's, on desk_article);
    no texts come with them (``snippets`` has FTS5 make them)."""
    match = fts5_expression(query)
    with connection.cursor() as cursor:
        if sort == "date":
            return _by_date(cursor, match, where, params, limit, offset, filtered), None
        ids = ranking.relevance_ids(
            cursor,
            lambda below, size: _window(cursor, match, below, size),
            where,
            params,
            offset + limit,
        )
        return ids[offset:], None


def _window(
    cursor, match: str, below: int | None, size: int
) -> tuple[list[int], int | None]:
    """The newest ``size`` matches under ``below``, ranked by BM25 inside the FTS
    table: no join, so only rowids and their scores are read. The window's floor
    comes first, from FTS5's walk of the rowids (in C, about 0.1 µs a match)."""
    ceiling = ranking.NO_CEILING if below is None else below
    cursor.execute(
        f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid < %s "
        "ORDER BY rowid DESC LIMIT 1 OFFSET %s",
        [match, ceiling, size - 1],
    )
    row = cursor.fetchone()
    floor = row[0] if row else None
    cursor.execute(
        f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "
        "AND rowid >= %s AND rowid < %s "
        f"ORDER BY bm25({TABLE}, {HEADLINE_WEIGHT}, 1.0), rowid DESC",
        [match, floor or 0, ceiling],
    )
    return [row[0] for row in cursor.fetchall()], floor


def _by_date(
    cursor, match: str, where: str, params: list, limit: int, offset: int,
    filtered: bool,
) -> list[int]:  # fmt: skip
    """Newest first: walk the date index, or sort the few matches (``ranking``)."""
    cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH %s", [match])
    count = cursor.fetchone()[0]
    if not count:
        return []
    cursor.execute(ranking.NEWEST_ID)
    articles = cursor.fetchone()[0] or 0
    few = ranking.few_enough(offset + limit, articles, WALK_PER_MATCH, filtered)
    # INDEXED BY / NOT INDEXED fix the plan the count chose (SQLite has no
    # statistics on the FTS table to choose it by itself).
    source = (
        "desk_article NOT INDEXED"
        if count <= few
        else "desk_article INDEXED BY reader_article_latest"
    )
    cursor.execute(
        f"SELECT desk_article.id FROM {source} WHERE desk_article.id IN "
        f"(SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s) AND ({where}) "
        "ORDER BY desk_article.updated_at DESC, desk_article.id DESC "
        "LIMIT %s OFFSET %s",
        [match, *params, limit, offset],
    )
    return [row[0] for row in cursor.fetchall()]


def snippets(
    query: ParsedQuery, ids: list[int], start: str, end: str, known: None = None
) -> dict[int, tuple[str, str]]:
    """Article id → (headline, body fragment), matched words between the markers.

    The page's ids are given to FTS5 as a rowid range, and picked out of it with
    ``+rowid IN``, which FTS5 does not see: given ``rowid IN`` it would run the whole
    query once per id (7–13 ms for a page of a common phrase), while the range is one
    pass over the matches' rowids (about 1 ms). snippet() and highlight() then run
    only for the rows of the page."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT rowid, highlight({TABLE}, 0, %s, %s), "
        f"snippet({TABLE}, 1, %s, %s, '…', 32) FROM {TABLE} "
        f"WHERE {TABLE} MATCH %s AND rowid >= %s AND rowid <= %s "
        f"AND +rowid IN ({marks})"
    )
    params = [start, end, start, end, fts5_expression(query), min(ids), max(ids)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids])
        return {pk: (headline, body) for pk, headline, body in cursor.fetchall()}
