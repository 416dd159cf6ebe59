"""Recompute every matching key from the stored items, keeping story membership.

`wiredesk stories rebuild` runs this after a change to how terms are cut or weighed,
or to repair keys: the term counts (``TermStat``), each story's profile
(``Story.fingerprint``) and indexed top terms (``StoryTerm``), the exact keys of
its items (``StoryItem.url_key``, ``headline_key``), and their near-copy MinHash
signatures (``StoryItem.minhash``) and LSH bands (``StoryBand``). Which items form
which story,
versions, primary items and editors' separations are left as they are.

It is idempotent: a second run over unchanged items changes nothing and says so.
Profiles are rebuilt with today's term counts in the order the items joined, where
online matching weighed each item with the counts of its day; so the first rebuild
moves weights a little, later ones not at all.

Workers may keep matching meanwhile. Term counting reads a snapshot (items up to
the last link made when it starts) into a staging table without the match lock,
then applies it a range of terms at a time under the lock, adding the items
linked since (rebuild_term_stats); stories are rewritten in small batches, each
under the lock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from django.db import connection, transaction

from wiredesk.ingest.models import WireItem
from wiredesk.stories import nearcopy, similarity, versions
from wiredesk.stories.clustering import rarity, store_profile
from wiredesk.stories.locking import match_lock
from wiredesk.stories.models import Story, StoryBand, StoryItem, StoryTerm, TermStat

# (phase, done, total): phase is "terms", "apply" (term counts stored) or "stories".
Progress = Callable[[str, int, int], None]
BATCH = 200  # stories rewritten per transaction
CHUNK = 2000  # rows read at a time


@dataclass
class RebuildReport:
    items: int = 0
    stories: int = 0
    terms: int = 0
    terms_changed: int = 0
    stories_changed: int = 0
    keys_changed: int = 0
    bands_changed: int = 0  # items whose signature or band rows were rewritten

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _term_keys(headline: str, body: str) -> set[str]:
    return {term[:64] for term in similarity.terms(headline, body)}


def rebuild_term_stats(progress: Progress | None = None) -> tuple[int, int]:
    """Count every term again, from the agency items (not versions) in stories,
    and bring ``TermStat`` to those counts. Returns (terms stored, terms whose
    count changed).

    Matching workers go on meanwhile; the match lock is held only briefly:

    1. Under the lock, the last link made (``last``): the snapshot counted.
    2. Without it, the snapshot's items are read in pages by id and their terms
       counted into a staging table (a temporary one, of this connection), at most
       ``FLUSH`` distinct terms in memory at a time: memory does not grow with the
       vocabulary.
    3. The staged counts are applied a range of terms at a time (up to ``APPLY``
       rows of either table), each range in its own transaction under the lock,
       which first stages the items linked since the previous one. A range then
       gets the snapshot's counts plus every item linked up to that moment; an
       item linked later counts itself (count_terms' + 1), in ranges applied
       already and, once applied, in the others. Nothing is lost or counted twice.
    """
    with transaction.atomic():
        match_lock()
        last = _source_links().order_by("-pk").values_list("pk", flat=True).first()
    last = last or 0
    _stage_create()
    try:
        _stage_snapshot(last, progress)
        return _apply_stage(last, progress)
    finally:
        _stage_drop()


STAGE = "wiredesk_termstat_stage"  # the temporary table of counts being rebuilt
FLUSH = 50_000  # distinct terms counted in memory before they are staged
APPLY = 5_000  # rows of either table per range applied under the lock


def _source_links():
    return StoryItem.objects.filter(role=StoryItem.Role.SOURCE)


def _sql(statement: str, params: list[object] | tuple = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _stage_create() -> None:
    # varchar(64) as TermStat.term, so both sort terms alike (the ranges below).
    _sql(f"DROP TABLE IF EXISTS {STAGE}")
    _sql(
        f"CREATE TEMPORARY TABLE {STAGE} "
        "(term varchar(64) NOT NULL PRIMARY KEY, items bigint NOT NULL)"
    )


def _stage_drop() -> None:
    _sql(f"DROP TABLE IF EXISTS {STAGE}")


def _stage(counts: Counter) -> None:
    """Add ``counts`` to the staged counts."""
    if not counts:
        return
    upsert = f"ON CONFLICT (term) DO UPDATE SET items = {STAGE}.items + EXCLUDED.items"
    terms = list(counts)
    if connection.vendor == "postgresql":
        # Two array parameters: one statement, whatever the number of terms.
        _sql(
            f"INSERT INTO {STAGE} (term, items) "
            "SELECT * FROM unnest(%s::varchar[], %s::bigint[]) "
            f"{upsert}",
            [terms, [counts[t] for t in terms]],
        )
        return
    for start in range(0, len(terms), 400):
        chunk = terms[start : start + 400]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        params = [v for t in chunk for v in (t, counts[t])]
        _sql(f"INSERT INTO {STAGE} (term, items) VALUES {values} {upsert}", params)


def _count_into_stage(
    rows: Iterable[tuple[str, str]], counts: Counter | None = None
) -> Counter:
    """Count the terms of ``rows`` (headline, body), staging them whenever
    ``FLUSH`` distinct terms are held; returns what is left to stage."""
    counts = Counter() if counts is None else counts
    for headline, body in rows:
        counts.update(_term_keys(headline, body))
        counts[TermStat.ALL] += 1
        if len(counts) >= FLUSH:
            _stage(counts)
            counts.clear()
    return counts


def _pages(after: int, upto: int | None = None):
    """(pk, headline, body) of the agency items linked after ``after`` (and up to
    ``upto``), a page of CHUNK at a time by id: no cursor held open."""
    links = _source_links()
    if upto is not None:
        links = links.filter(pk__lte=upto)
    while True:
        page = list(
            links.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", "item__headline", "item__body_text")[:CHUNK]
        )
        if not page:
            return
        yield page
        after = page[-1][0]


def _stage_snapshot(last: int, progress: Progress | None) -> None:
    """Stage the counts of the agency items linked up to ``last``."""
    total = _source_links().filter(pk__lte=last).count()
    done = 0
    counts: Counter = Counter()
    for page in _pages(0, last):
        counts = _count_into_stage(((h, b) for _, h, b in page), counts)
        done += len(page)
        if progress:
            progress("terms", done, total)
    _stage(counts)
    if connection.vendor == "postgresql":
        # Temporary tables are never analysed by autovacuum: without statistics
        # the range statements would be planned blind.
        _sql(f"ANALYZE {STAGE}")
    if progress:
        progress("terms", total, total)


def _stage_since(after: int) -> int:
    """Stage the agency items linked after ``after``; returns the last one staged
    (under the match lock: no link is being made)."""
    for page in _pages(after):
        _stage(_count_into_stage((h, b) for _, h, b in page))
        after = page[-1][0]
    return after


def _apply_stage(last: int, progress: Progress | None) -> tuple[int, int]:
    """Apply the staged counts to TermStat a range of terms at a time, each under
    the match lock; returns (terms stored, terms changed)."""
    table = connection.ops.quote_name(TermStat._meta.db_table)
    total = _sql_value(f"SELECT COUNT(*) FROM {STAGE}", [])
    seen, low, changed, done = last, None, 0, 0
    while True:
        # Where the range ends is read before the lock: terms staged or stored
        # meanwhile only make it a little longer.
        high = _range_end(table, low)
        with transaction.atomic():
            match_lock()
            seen = _stage_since(seen)
            changed += _apply_range(table, low, high)
        done = min(done + APPLY, total) if high is not None else total
        if progress:
            progress("apply", done, total)
        if high is None:
            break
        low = high
    return _sql_value(f"SELECT COUNT(*) FROM {STAGE}", []), changed


def _sql_value(statement: str, params: list[object]) -> object:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _after(column: str, low: str | None) -> tuple[str, list[object]]:
    return ("", []) if low is None else (f" AND {column} > %s", [low])


def _range_end(table: str, low: str | None) -> str | None:
    """The last term of the next range after ``low``: the nearer of the APPLY-th
    staged and the APPLY-th stored term after it; None when both run out first
    (the range then takes the rest). Compared by the database, which orders the
    terms in every range query."""
    parts, params = [], []
    for name in (STAGE, table):
        after, after_params = _after("term", low)
        parts.append(
            f"SELECT term FROM (SELECT term FROM {name} WHERE 1 = 1{after} "
            f"ORDER BY term LIMIT 1 OFFSET {APPLY - 1}) AS e{len(parts)}"
        )
        params += after_params
    return _sql_value(
        f"SELECT MIN(term) FROM ({' UNION ALL '.join(parts)}) AS ends", params
    )


def _apply_range(table: str, low: str | None, high: str | None) -> int:
    """Make TermStat's terms in (low, high] the staged ones; returns how many
    rows changed.

    Both ranges (up to APPLY rows each) are read and compared here, and only the
    rows that differ are written, by term. A join of the two in SQL was planned
    from range estimates: where many terms share a prefix the planner took each
    range for one row and looped one over the other (40 s for one range of 5,000
    at 570,000 terms on PostgreSQL).
    """
    after, params = _after("term", low)
    if high is not None:
        after, params = f"{after} AND term <= %s", [*params, high]

    def read(name: str) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT term, items FROM {name} WHERE 1 = 1{after}", params)
            return dict(cursor.fetchall())

    staged, stored = read(STAGE), read(table)
    update = {t: n for t, n in staged.items() if t in stored and stored[t] != n}
    insert = {t: n for t, n in staged.items() if t not in stored}
    delete = [t for t in stored if t not in staged]
    if connection.vendor == "postgresql":
        rows = "unnest(%s::varchar[], %s::bigint[]) AS v(term, items)"
        if update:
            _sql(
                f"UPDATE {table} SET items = v.items FROM {rows} "
                f"WHERE {table}.term = v.term",
                [list(update), list(update.values())],
            )
        if insert:
            _sql(
                f"INSERT INTO {table} (term, items) SELECT v.term, v.items FROM {rows}",
                [list(insert), list(insert.values())],
            )
        if delete:
            _sql(f"DELETE FROM {table} WHERE term = ANY(%s::varchar[])", [delete])
    else:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET items = %s WHERE term = %s",
                [(n, t) for t, n in update.items()],
            )
        TermStat.objects.bulk_create(
            [TermStat(term=t, items=n) for t, n in insert.items()], batch_size=CHUNK
        )
        for start in range(0, len(delete), 900):  # SQLite's bound-parameter limit
            TermStat.objects.filter(term__in=delete[start : start + 900]).delete()
    return len(update) + len(insert) + len(delete)


def story_profile(story: Story) -> similarity.StoryProfile:
    """The story's profile built again from its items, in the order they joined.

    Kill notices add nothing; a version adds weight but is no new item, as online.
    """
    links = list(
        StoryItem.objects.filter(story=story).select_related("item").order_by("pk")
    )
    texts = [
        (link, similarity.terms(link.item.headline, link.item.body_text))
        for link in links
        if link.item.signal != WireItem.Signal.KILL
    ]
    keys = {term[:64] for _, counts in texts for term in counts} | {TermStat.ALL}
    stats: dict[str, int] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 900):  # SQLite's bound-parameter limit
        chunk = ordered[start : start + 900]
        rows = TermStat.objects.filter(term__in=chunk).values_list("term", "items")
        stats.update(rows)
    profile = similarity.StoryProfile()
    for link, counts in texts:
        vector = similarity.weigh(counts, rarity(counts, stats))
        profile.add(vector, new_item=link.role == StoryItem.Role.SOURCE)
    return profile


def refresh_keys(story: Story) -> int:
    """Recompute the exact keys of the story's items; returns how many changed."""
    changed = []
    for link in StoryItem.objects.filter(story=story).select_related("item"):
        url_key = versions.url_key(link.item.url)
        headline_key = versions.headline_key(link.item.headline)
        if (link.url_key, link.headline_key) != (url_key, headline_key):
            link.url_key, link.headline_key = url_key, headline_key
            changed.append(link)
    StoryItem.objects.bulk_update(changed, ["url_key", "headline_key"])
    return len(changed)


def refresh_bands(story: Story) -> int:
    """Recompute the MinHash signature and LSH bands of the story's items.

    Rows are rewritten only for items whose signature, story or time changed (an
    item moved by a merge or split, a story whose first item changed); returns how
    many items were rewritten. Kills and too short texts get no signature.
    """
    links = list(
        StoryItem.objects.filter(story=story)
        .select_related("item")
        .only("id", "minhash", "item__headline", "item__body_text", "item__signal")
    )
    stored: dict[int, set[tuple]] = {}
    for row in StoryBand.objects.filter(link__story=story).values_list(
        "link_id", "band_no", "band_hash", "story_id", "created_at"
    ):
        stored.setdefault(row[0], set()).add(row[1:])
    changed_links, rewrite = [], []
    for link in links:
        signature = (
            None
            if link.item.signal == WireItem.Signal.KILL
            else nearcopy.signature(link.item.headline, link.item.body_text)
        )
        current = bytes(link.minhash) if link.minhash is not None else None
        if current != signature:
            link.minhash = signature
            changed_links.append(link)
        wanted = {
            (band_no, band_hash, story.pk, story.created_at)
            for band_no, band_hash in (nearcopy.bands(signature) if signature else ())
        }
        if stored.get(link.pk, set()) != wanted:
            rewrite.append((link.pk, wanted))
    StoryItem.objects.bulk_update(changed_links, ["minhash"])
    if rewrite:
        StoryBand.objects.filter(link_id__in=[i for i, _ in rewrite]).delete()
        StoryBand.objects.bulk_create(
            StoryBand(
                story_id=story_id,
                link_id=link_id,
                band_no=band_no,
                band_hash=band_hash,
                created_at=created_at,
            )
            for link_id, wanted in rewrite
            for band_no, band_hash, story_id, created_at in sorted(wanted)
        )
    return len({link.pk for link in changed_links} | {i for i, _ in rewrite})


def rebuild(progress: Progress | None = None) -> RebuildReport:
    """Recompute term counts, then every story's profile, top terms, item keys and
    near-copy bands."""
    report = RebuildReport()
    report.terms, report.terms_changed = rebuild_term_stats(progress)
    report.items = StoryItem.objects.count()
    story_ids = list(Story.objects.order_by("pk").values_list("pk", flat=True))
    report.stories = len(story_ids)
    for start in range(0, len(story_ids), BATCH):
        with transaction.atomic():
            match_lock()
            batch = Story.objects.filter(pk__in=story_ids[start : start + BATCH])
            for story in batch.order_by("pk"):
                report.keys_changed += refresh_keys(story)
                report.bands_changed += refresh_bands(story)
                StoryTerm.objects.filter(story=story).exclude(
                    created_at=story.created_at
                ).update(created_at=story.created_at)
                if store_profile(story, story_profile(story)):
                    report.stories_changed += 1
        if progress:
            done = min(start + BATCH, len(story_ids))
            progress("stories", done, len(story_ids))
    return report
