"""SQLite FTS5: the virtual table ``reader_search_fts`` over ``reader_searchentry``.

The table and the triggers that keep it in step are made by migration 0001. Ranking
is BM25 with the headline weighing ten times the body.
"""

from __future__ import annotations

from django.db import connection

from wiredesk.reader.search.query import ParsedQuery, fts5_expression

TABLE = "reader_search_fts"
CREATE = [
    f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
        headline, body, content='reader_searchentry', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 2')""",
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
DROP = [
    "DROP TRIGGER IF EXISTS reader_search_ai",
    "DROP TRIGGER IF EXISTS reader_search_ad",
    "DROP TRIGGER IF EXISTS reader_search_au",
    f"DROP TABLE IF EXISTS {TABLE}",
]
ORDER = {
    "relevance": f"bm25({TABLE}, 10.0, 1.0), desk_article.id DESC",
    "date": "desk_article.updated_at DESC, desk_article.id DESC",
}


def page_ids(
    query: ParsedQuery, where: str, params: list, sort: str, limit: int, offset: int
) -> list[int]:
    sql = (
        f"SELECT desk_article.id FROM {TABLE} "
        f"JOIN desk_article ON desk_article.id = {TABLE}.rowid "
        f"WHERE {TABLE} MATCH %s AND ({where}) "
        f"ORDER BY {ORDER[sort]} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_expression(query), *params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def snippets(
    query: ParsedQuery, ids: list[int], start: str, end: str
) -> dict[int, tuple[str, str]]:
    """Article id → (headline, body fragment), matched words between the markers."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT rowid, highlight({TABLE}, 0, %s, %s), "
        f"snippet({TABLE}, 1, %s, %s, '…', 32) FROM {TABLE} "
        f"WHERE {TABLE} MATCH %s AND rowid IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end, start, end, fts5_expression(query), *ids])
        return {pk: (headline, body) for pk, headline, body in cursor.fetchall()}
