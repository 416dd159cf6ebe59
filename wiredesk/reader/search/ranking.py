"""Relevance in windows of the newest matches, and filters checked after ranking.

Ranking costs time in proportion to the matches ranked: BM25 and ``ts_rank_cd``
read every matching document's statistics, so a word in 8 % of 100,000 articles
took 60–270 ms to rank in full, and joining every match to the article table
before the limit cost as much again. Two rules keep a search's work near one page:

- Relevance ranks the newest ``WINDOW`` matches (by article id, that is by when the
  article was made). A query with fewer matches is ranked in full, exactly as the
  engine ranks it; for a common word, readers of a news site get the best of the
  recent stories. Only when the filters leave too few of a window visible is the
  next older window (twice as large) ranked after it, and so on.
- The ranked ids are checked against the visibility rule and the filters in
  chunks, in rank order, so no article row is read beyond the page asked for.

Both engines supply ``floor`` (where a window ends) and ``ranked`` (ids of the
matches in a window, best first); the rest is shared here.
"""

from __future__ import annotations

from collections.abc import Callable

WINDOW = 1000
FIRST_CHUNK = 50  # a page (21 ids) and room for a few invisible articles
CHUNK = 500

# (cursor, query, below, size) → id of the size-th newest match under below, or
# None when fewer remain.
Floor = Callable[[object, str, "int | None", int], "int | None"]
# (cursor, query, floor, below) → ids of the matches with floor <= id < below,
# best first.
Ranked = Callable[[object, str, "int | None", "int | None"], list[int]]


def relevance_ids(
    cursor,
    floor_of: Floor,
    ranked_in: Ranked,
    query: str,
    where: str,
    params: list,
    needed: int,
) -> list[int]:
    """The first ``needed`` visible matches in relevance order (windows above)."""
    found: list[int] = []
    below, size = None, WINDOW
    while True:
        floor = floor_of(cursor, query, below, size)
        ranked = ranked_in(cursor, query, floor, below)
        start, chunk_size = 0, FIRST_CHUNK
        while start < len(ranked):
            chunk = ranked[start : start + chunk_size]
            shown = visible(cursor, chunk, where, params)
            found += [pk for pk in chunk if pk in shown]
            if len(found) >= needed:
                return found[:needed]
            start, chunk_size = start + chunk_size, min(chunk_size * 4, CHUNK)
        if floor is None:
            return found
        below, size = floor, size * 2


def visible(cursor, ids: list[int], where: str, params: list) -> set[int]:
    """Which of ``ids`` pass ``where`` (the ORM's WHERE on "desk_article")."""
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(
        f'SELECT "desk_article"."id" FROM "desk_article" '
        f'WHERE "desk_article"."id" IN ({marks}) AND ({where})',
        [*ids, *params],
    )
    return {row[0] for row in cursor.fetchall()}
