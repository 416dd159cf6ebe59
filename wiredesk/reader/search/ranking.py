"""Relevance in windows of the newest matches, and filters checked after ranking.

Ranking costs time in proportion to the matches ranked: BM25 and ``ts_rank_cd``
read every matching document's statistics, so a word in 8 % of 100,000 articles
took 60–270 ms to rank in full, and joining every match to the article table
before the limit cost as much again. Two rules keep a search's work near one page:

- Relevance ranks the newest ``WINDOW`` matches (by article id, that is by when the
  article was made). A query with fewer matches is ranked in full, exactly as the
  engine ranks it; for a common word, readers of a news site get the best of the
  recent stories. Only when the filters leave too few of a window visible is the
  next older window (twice as large) ranked after it, and so on. (On PostgreSQL
  a phrase's window counts the articles holding all its words, which the GIN
  index finds without reading documents; the phrase is checked inside.)
- The ranked ids are checked against the visibility rule and the filters in
  chunks, in rank order, so no article row is read beyond the page asked for.

Each engine supplies its ``Window``; the rest is shared here, with the rule that
picks how a date sort is run (``few_enough``).
"""

from __future__ import annotations

from collections.abc import Callable

WINDOW = 500
FILTERED_WALK = 5  # filters thin the matches out by an unknown factor; assume this
FIRST_CHUNK = 50  # a page (21 ids) and room for a few invisible articles
CHUNK = 1000

NO_CEILING = 2**63 - 1  # "below" for the first window
# The newest indexed article: both engines take its id for the archive's size.
NEWEST_ID = "SELECT max(article_id) FROM reader_searchentry"

# (below, size) → (ids of the matches among the newest ``size`` candidates with
# ids under ``below``, best first; the lowest candidate id when the window was full,
# else None: nothing lies under it). An engine may add a third item: (n, which of
# the first n ranked ids are visible), checked in the same statement, which saves
# the first ``visible`` query (``first_chunk`` says how many to check).
Window = Callable[["int | None", int], tuple]


def relevance_ids(
    cursor, window: Window, where: str, params: list, needed: int,
    check: Callable[..., set[int]] | None = None,
) -> list[int]:  # fmt: skip
    """The first ``needed`` visible matches in relevance order (windows above);
    ``check`` is the engine's ``visible`` if it has its own."""
    check = check or visible
    found: list[int] = []
    below, size = None, WINDOW
    while True:
        ranked, floor, *known = window(below, size)
        start, checked = 0, 0
        while start < len(ranked):
            if known and not start:
                count, shown = known[0]
                chunk = ranked[:count]
            else:
                step = _chunk_size(needed, len(found), checked)
                chunk = ranked[start : start + step]
                shown = check(cursor, chunk, where, params)
            found += [pk for pk in chunk if pk in shown]
            if len(found) >= needed:
                return found[:needed]
            start += len(chunk)
            checked += len(chunk)
        if floor is None:
            return found
        below, size = floor, size * 2


def first_chunk(needed: int) -> int:
    """How many ranked ids the first visibility check takes."""
    return _chunk_size(needed, 0, 0)


def _chunk_size(needed: int, found: int, checked: int) -> int:
    """How many ranked ids to check next: at first a page and some room, then as
    many as the share of visible ones so far says the rest of the page needs (a
    narrow filter would otherwise take many small queries)."""
    if not checked:
        return max(FIRST_CHUNK, needed + needed // 2)
    share = max(found / checked, 0.01)
    return min(CHUNK, max(FIRST_CHUNK, int((needed - found) / share * 1.5)))


def few_enough(
    needed: int, articles: int, walk_per_match: float, filtered: bool
) -> int:
    """Up to how many matches sorting them all by date beats walking the date index.

    Walking reads about ``needed × articles / matches`` index entries (more when
    filters thin the matches out, by a factor assumed to be ``FILTERED_WALK``);
    sorting costs about ``walk_per_match`` entries' worth per match. Equal costs
    give this number of matches."""
    thinning = FILTERED_WALK if filtered else 1
    return max(needed, int((needed * articles * thinning / walk_per_match) ** 0.5))


def visible(cursor, ids: list[int], where: str, params: list) -> set[int]:
    """Which of ``ids`` pass ``where`` (the ORM's WHERE on "desk_article")."""
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(
        f'SELECT "desk_article"."id" FROM "desk_article" '
        f'WHERE "desk_article"."id" IN ({marks}) AND ({where})',
        [*ids, *params],
    )
    return {row[0] for row in cursor.fetchall()}
