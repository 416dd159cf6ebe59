"""PostgreSQL full-text search: a generated tsvector column with a GIN index.

Migration 0001 adds ``reader_searchentry.document`` (headline weighted A, body B,
English configuration) and its GIN index. Ranking is ``ts_rank_cd``.
"""

from __future__ import annotations

from django.db import connection

from wiredesk.reader.search.query import ParsedQuery, tsquery_expression

CONFIG = "english"
CREATE = [
    f"""ALTER TABLE reader_searchentry ADD COLUMN document tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('{CONFIG}'::regconfig, headline), 'A') ||
            setweight(to_tsvector('{CONFIG}'::regconfig, body), 'B')
        ) STORED""",
    "CREATE INDEX reader_searchentry_document ON reader_searchentry "
    "USING GIN (document)",
]
DROP = [
    "DROP INDEX IF EXISTS reader_searchentry_document",
    "ALTER TABLE reader_searchentry DROP COLUMN IF EXISTS document",
]
ORDER = {
    "relevance": "ts_rank_cd(e.document, q) DESC, desk_article.id DESC",
    "date": "desk_article.updated_at DESC, desk_article.id DESC",
}


def page_ids(
    query: ParsedQuery,
    where: str,
    params: list,
    sort: str,
    limit: int,
    offset: int,
    filtered: bool = False,
) -> list[int]:
    sql = (
        "SELECT desk_article.id FROM reader_searchentry e "
        "JOIN desk_article ON desk_article.id = e.article_id "
        f"CROSS JOIN to_tsquery('{CONFIG}', %s) q "
        f"WHERE e.document @@ q AND ({where}) "
        f"ORDER BY {ORDER[sort]} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery_expression(query), *params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def snippets(
    query: ParsedQuery, ids: list[int], start: str, end: str
) -> dict[int, tuple[str, str]]:
    """Article id → (headline, body fragment), matched words between the markers."""
    if not ids:
        return {}
    marks = f"StartSel={start}, StopSel={end}"
    sql = (
        f"SELECT e.article_id, ts_headline('{CONFIG}', e.headline, q, %s), "
        f"ts_headline('{CONFIG}', e.body, q, %s) "
        f"FROM reader_searchentry e CROSS JOIN to_tsquery('{CONFIG}', %s) q "
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
