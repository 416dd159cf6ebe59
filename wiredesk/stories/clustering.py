"""Assign each new wire item to its story: a version, another agency, or a new story.

All state lives in the database (story profiles, indexed top terms, term counts,
exact keys, editors' separations), so any worker on any machine matches against
the same stories and a restart loses nothing. Matching one item reads a bounded
number of rows whatever the number of stories stored.

The checks, in order, each under the match lock (``locking.match_lock``):

1. the same guid from the same source: a later version of an item already placed;
2. exact keys: the same visible text (``content_hash``) or canonical URL as an item
   already in a story (a version when from the same source, else another agency);
3. a marked re-issue ("UPDATE 1-", "CORRECTED-", ...) under a new guid whose
   headline without the marks, or whose text, matches an item of the same source;
4. a near-copy (``nearcopy``): an item sharing an LSH band of its MinHash
   signature (indexed ``StoryBand`` rows) whose estimated shingle Jaccard reaches
   ``nearcopy.THRESHOLD``; a version when from the same source, else another
   agency's telling;
5. the scorer: at most ``CANDIDATES`` stories found through the indexed
   ``StoryTerm`` rows of the item's top terms, the best one above the threshold.

Stories holding items an editor split away from this item's guid are never
candidates (``StorySeparation``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import TypeVar

import orjson
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import Q

from wiredesk.compiled import CompiledQuery
from wiredesk.ingest.models import Source, WireItem
from wiredesk.stories import nearcopy, similarity, versions
from wiredesk.stories.locking import match_lock_statements
from wiredesk.stories.models import (
    Story,
    StoryBand,
    StoryItem,
    StorySeparation,
    StoryTerm,
    TermStat,
)
from wiredesk.stories.signals import story_changed

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=72)
SCORER = similarity.SCORERS[similarity.DEFAULT_SCORER]
THRESHOLD = SCORER.threshold
CANDIDATES = 20
# StoryTerm rows read per key, the newest in the window: a key shared by many
# stories ("Inc", a busy capital) adds at most this many, so the rows read per item
# stay bounded however many stories are stored.
KEY_ROWS = 200
KEYS = 12  # an item's top terms looked up in StoryTerm
COMMON_SHARE = 0.01  # keys in more than this share of all items are skipped…
COMMON_FLOOR = 1000  # …once they are in more than this many items
MIN_KEYS = 4  # but at least this many of the rarest keys are always looked up
STORY_KEYS = 24  # a story's top terms stored in StoryTerm
# A marked re-issue whose own text is this close (cosine of plain term vectors) to
# an item of the same source is that item's new version: the lead of an "UPDATE 1"
# keeps most of the earlier lead's names and figures, another story does not.
REISSUE_TEXT_MATCH = 0.5
# A marked re-issue (CORRECTED-, UPDATE n-) finds the same source's item by its
# headline or URL in stories begun this long before it, not only within WINDOW:
# a correction days after the story began still belongs to it. Bounded so that a
# recurring headline ("UPDATE 1-Oil prices rise") does not reach weeks back.
REISSUE_WINDOW = timedelta(days=14)
# Items sharing a band read per new item, the newest first: a band is shared by
# near-identical texts only, so more than a few means one text sent many times.
NEARCOPY_CANDIDATES = 50
# On PostgreSQL a first version's terms are counted with the first lookups, before
# its place is known (assign()); off, they are counted once it is (count_terms()).
COUNT_AHEAD = True
# SQLite: WAL pages after which the matching connection checkpoints (_tune_sqlite).
SQLITE_WAL_PAGES = 4000

# -- the primary item ----------------------------------------------------------------
#
# The primary item is the copy a story is drafted from. It is chosen among the
# agencies' latest live items (heads that are not kills) by the keys named in
# the STORY_PRIMARY setting, in order; the item id breaks the last tie.

PRIMARY_KEYS: dict[str, Callable[[WireItem], object]] = {
    # Source.priority: lower wins, so the desk's preferred agency leads.
    "priority": lambda item: item.source.priority,
    # The longer body is the more complete telling.
    "completeness": lambda item: -len(item.body_text),
    # The first to report it.
    "earliest": lambda item: item_time(item),
}
PRIMARY_RULE: tuple[str, ...] = ("priority", "completeness", "earliest")


def primary_rule() -> tuple[str, ...]:
    """The STORY_PRIMARY setting as key names, checked against PRIMARY_KEYS."""
    configured = getattr(settings, "STORY_PRIMARY", "") or ",".join(PRIMARY_RULE)
    rule = tuple(k.strip() for k in configured.split(",") if k.strip())
    unknown = [k for k in rule if k not in PRIMARY_KEYS]
    if unknown:
        known = ", ".join(PRIMARY_KEYS)
        raise ValueError(f"STORY_PRIMARY: unknown key(s) {unknown} (known: {known})")
    return rule


def item_time(item: WireItem) -> datetime:
    return item.first_created or item.published or item.fetched_at


def primary_item(
    story: Story,
    members: list[WireItem] | None = None,
    replaced: set[int] | None = None,
) -> WireItem | None:
    """The item the story is told from: agency priority, completeness, earliest.

    Kills and replaced versions never lead. When every agency killed its item the
    last copy that was not a kill stays primary, so the draft keeps its text while
    the desk decides.
    """
    if members is None:
        members = list(
            WireItem.objects.filter(story_link__story=story)
            .select_related("source")
            .order_by("pk")
        )
    candidates = story.live_items(members, replaced) or [
        m for m in members if m.signal != WireItem.Signal.KILL
    ]
    if not candidates:
        return members[-1] if members else None
    rule = primary_rule()
    return min(
        candidates,
        key=lambda m: (*(PRIMARY_KEYS[k](m) for k in rule), m.pk),
    )


# -- matching ------------------------------------------------------------------------


@dataclass
class Join:
    """Where an item goes before the story is refreshed."""

    story: Story | None
    role: str
    score: float | None = None
    supersedes: WireItem | None = None


def assign(item: WireItem, *, durable: bool = True) -> Story:
    """Place ``item`` in its story; idempotent when run twice for the same item.

    The statements are sent in a few groups (``_fetch_all``): on PostgreSQL each
    group is one round trip (prepared, in one pipeline, BEGIN and the match lock
    with the first group, COMMIT with the last writes), so an item costs four
    round trips, where one statement at a time took about twenty: the lookups
    with the item's term counts (COUNT_AHEAD), the candidates, the link, the
    writes; a new story three, written whole with the last group
    (_created_query). Each statement also costs the client and the server work
    of its own (psycopg's execute and read, the server's bind and snapshot), so
    on PostgreSQL the lookups, the link with the story's members, and the
    writes each go as one statement (_Union, _linked_members_query, _together):
    seven statements an item with COMMIT, and BEGIN (a new story six). Two
    groups are sent before the client computes what does not need their
    answers (_Sending): the item's terms (then sent in the same round trip,
    _Sending.send), and the story's profile.

    ``durable=False`` lets the commit return before its WAL is on disk (see
    ``ASYNC_COMMIT``); only for a caller that commits to the same database
    synchronously afterwards and acts on nothing outside it before that (the
    ``cluster_item`` task).
    """
    _tune_sqlite()
    # Our own transaction only in autocommit mode outside any atomic block: a
    # caller that turned autocommit off has one open that atomic() only
    # savepoints, and a COMMIT sent here would commit the caller's work too.
    outermost = connection.get_autocommit() and not connection.in_atomic_block
    with transaction.atomic():
        # The match lock (match_lock()) and the lookups that need no earlier
        # answer: the lock is taken before they read.
        lock = _locking(_commit_settings(durable=durable, outermost=outermost))
        when = item_time(item)
        # A kill notice's text is boilerplate, like every other kill's: no signature.
        signature = (
            None
            if item.signal == WireItem.Signal.KILL
            else nearcopy.signature(item.headline, item.body_text)
        )
        bands = None if signature is None else nearcopy.bands(signature)
        # On PostgreSQL the exact keys and the near-copy bands go with the first
        # lookups (one round trip less), as if no editor had kept stories apart
        # from this item (the usual case); when one did, they are asked again
        # without those stories. Their answers are used only when the item is no
        # version of a placed guid. Elsewhere they are asked only then.
        ahead = _pipelines()
        exact = shared = None
        if ahead:
            exact = _exact_query(item, when, set())
            if signature is not None:
                shared = _band_query(signature, when, set(), bands)
        lookups = [
            ((f"SELECT story_id FROM {_t.link} WHERE item_id = %s", [item.pk]), _ID),
            (_separations_query(item), _PAIR),
            (_same_guid_query(item), _PAIR),
            *([] if exact is None else [(exact, _PAIR)]),
            *([] if shared is None else [(shared, _BAND_ROW)]),
        ]
        # Pipelined, the lookups go as one statement (_Union).
        union = _Union(lookups) if ahead else None
        with _Sending(
            [*lock, *([union.statement] if union else [q for q, _ in lookups])]
        ) as sending:
            # The item's terms while the server answers (on PostgreSQL).
            marked = versions.marks(item.headline)
            counts = similarity.terms(item.headline, item.body_text)
            # A first version that is no marked re-issue is most likely counted
            # (a new story or another agency's telling): on PostgreSQL its
            # counts go in this round trip, before its place is known, and are
            # taken back in the rare case it is a version after all (_uncount).
            # In a transaction of our own they also make the candidate query's
            # plan setting (it changes no write's plan, and the reads that may
            # follow are by a story's or an item's id).
            ahead_counts = (
                ahead and COUNT_AHEAD and item.version == 1 and not marked.reissue
            )
            if ahead_counts:
                sending.send(
                    [
                        _count_query(
                            term_keys(counts), bitmap_off=outermost, returning=True
                        )
                    ]
                )
            found = sending.rows()[len(lock) :]
            counted = dict(found.pop()) if ahead_counts else None
            placed, pairs, guid, *found = union.split(found[0]) if union else found
        if placed:
            if counted is not None:
                _fetch_all(_uncount(counted))
            return Story.objects.get(pk=placed[0][0])
        apart = _kept_apart(item, pairs)
        fp: dict[str, float] | None = None
        join = _same_guid_join(guid)
        if join is None:
            if apart or not ahead:
                exact = _exact_query(item, when, apart)
                shared = (
                    None
                    if signature is None
                    else _band_query(signature, when, apart, bands)
                )
                found = _fetch_all([q for q in (exact, shared) if q is not None])
            exact_rows = found.pop(0) if exact is not None else []
            band_rows = found.pop(0) if shared is not None else []
            join = _exact_join(item, exact_rows)
            if join is None and marked.reissue:
                fp = similarity.weigh(counts, rarity(counts))
                join = reissue_match(item, marked, fp, when, apart)
            if join is None and signature is not None:
                join = _nearcopy_join(item, signature, band_rows)
        stats = None
        # Otherwise on PostgreSQL the candidate query's plan setting goes with
        # the counts as the scorer needs them, and stays for the rest of the
        # transaction: two statements fewer, and the candidate query alone in
        # its round trip.
        bitmap_off = ahead and (join is None if counted is None else outermost)
        uncount: list[tuple[str, list[object]]] = []
        if join is None or join.role == StoryItem.Role.SOURCE:
            # Versions are not counted again.
            stats = counted
            if stats is None:
                stats = count_terms(counts, bitmap_off=bitmap_off)
            fp = similarity.weigh(counts, rarity(counts, stats))
        else:
            if counted is not None:  # a version after all: taken back
                uncount = _uncount(counted)
                before = {term: n - 1 for term, n in counted.items() if n > 1}
                fp = similarity.weigh(counts, rarity(counts, before))
            elif fp is None:
                fp = similarity.weigh(counts, rarity(counts))
        if join is None:
            story, score = best_match(
                fp, when, exclude=apart, stats=stats, bitmap_off=bitmap_off
            )
            join = Join(story, StoryItem.Role.SOURCE, score)
        change = "version" if join.role == StoryItem.Role.VERSION else "agency"
        story = join.story
        # A new story: on PostgreSQL written with its first link in one statement
        # (one round trip less), elsewhere now.
        new_story = None
        if story is None:
            story = Story(
                headline=marked.base[:1000],
                created_at=when,
                updated_at=item.updated or when,
            )
            if ahead:
                new_story = story
            else:
                insert(story)
            change = "created"
        link = StoryItem(
            story=story,
            item=item,
            role=join.role,
            score=join.score,
            supersedes=join.supersedes,
            url_key=versions.url_key(item.url),
            headline_key=versions.headline_key(item.headline),
            minhash=signature,
        )
        if new_story is not None and item.signal != WireItem.Signal.KILL:
            # On PostgreSQL a new story is written whole, as its members make
            # it (the item alone), with its link, keys and the item's bands: one
            # statement in the last round trip (_created_query).
            refresh(story, [item])
            change = flag(story, item, marked) or change
            wanted = fold(story, fp, new_item=True, item=item, deferred=True)
            writes = [_created_query(story, link, wanted or {}, bands)]
            return _finish(story, change, item, join, writes, outermost, bitmap_off)
        # The link and, for a story joined, its members with the new item; the
        # profile is folded while the server answers (on PostgreSQL).
        created_before = story.created_at
        if change == "created":
            statements = [_insert_query(link, new_story)]
        elif ahead:  # one statement (_linked_members_query)
            statements = [_linked_members_query(link, item)]
        else:
            statements = [_insert_query(link), _members_query(story.pk)]
        with _Sending(statements) as sending:
            if new_story is not None:  # answered first: fold needs the story's id
                _inserted(story, [sending.rows()[0][0][1:]])
                link.story = story
            wanted = fold(
                story,
                fp,
                new_item=join.role == StoryItem.Role.SOURCE,
                item=item,
                deferred=True,
            )
            found = sending.rows()
        if change != "created" and ahead:  # the link's id heads each member's row
            found = [[found[0][0][:1]], [row[1:] for row in found[0]]]
        _inserted(link, found[0])
        refresh(story, [item] if change == "created" else None, *_members(found[1:2]))
        change = flag(story, item, marked) or change
        # The story's keys, the story, its bands' times and the item's bands: one
        # last group. The keys and bands carry the story's time for the window
        # lookup: when an earlier item moved it, every row is given the new time.
        retimed = story.created_at != created_before
        retime: list[tuple[str, list[object]]] = []
        if retimed:  # the keys written take the time with their weights
            created = connection.ops.adapt_datetimefield_value(story.created_at)
            retime = [
                (
                    f"UPDATE {table} SET created_at = %s WHERE story_id = %s",
                    [created, story.pk],
                )
                for table in (
                    [_t.band] if wanted is not None else [_t.term_columns[0], _t.band]
                )
            ]
        writes = [
            *([] if wanted is None else _key_writes(story, wanted, retime=retimed)),
            _save_story_query(story),
            *retime,
        ]
        if signature is not None:
            writes.append(_bands_query(link, signature, bands))
        writes += uncount
        if ahead:  # one statement: each costs both sides more than its work
            writes = [_together(writes)]
        return _finish(story, change, item, join, writes, outermost, bitmap_off)


def _finish(
    story: Story,
    change: str,
    item: WireItem,
    join: Join,
    writes: list[tuple[str, list[object]]],
    outermost: bool,
    bitmap_off: bool,
) -> Story:
    """assign()'s last writes, and the story_changed signal on commit.

    In a transaction of our own, prepared and pipelined on PostgreSQL, the
    COMMIT goes with the last writes (one round trip less); Django's commit on
    leaving the block then finds the transaction ended and only runs the
    on_commit callbacks. So nothing that can fail comes after it: logged first
    (a story written by these writes as "new": its id comes with the COMMIT),
    returned at once (an exception once the server has committed would drop the
    callbacks, story_changed among them)."""
    transaction.on_commit(
        lambda: story_changed.send(sender=Story, story_id=story.pk, change=change)
    )
    if outermost and not connection.needs_rollback and _pipelines():
        writes.append(COMMIT)
    elif bitmap_off:  # the caller's transaction goes on with its own plans
        writes.append(BITMAP_ON)
    created = story.pk is None  # its id is answered by _created_query()
    log.info(
        "item %s → story %s (%s, score %s)",
        item.pk,
        "new" if created else story.pk,
        change,
        join.score,
    )
    found = _fetch_all(writes)
    if created:
        _inserted(story, [found[0][0][:1]])
    return story


# The matching transaction's commit on PostgreSQL, for a caller that asks for it
# (assign(durable=False)): COMMIT returns once its WAL record is written to the
# server's buffers, not flushed to disk; the WAL writer flushes it within
# 3 x wal_writer_delay (0.6 s by default). That flush was 0.3 ms of an item's wall
# time on an idle disk, 10-11 ms on a busy one (bench/README.md, "synchronous_commit
# off for matching", 100,000 stories). Why no placement can be lost or
# duplicated: WAL is one sequence per cluster and a synchronous commit flushes
# everything before its own record, so the next synchronous commit on the server
# makes this one durable too. The cluster_item task's completion is such a
# commit (django_tasks_db's worker saves the DBTaskResult, autocommit, on the
# same connection right after the task returns; the story_changed receivers'
# enqueues are too, before it). A server crash before that loses the placement
# and the completion together, leaving the task RUNNING as a crash just before
# the commit would have: no state appears that a synchronous commit could not
# also leave. The difference: others can read the placement for the moment
# (about a millisecond) before the next flush. What follows from it goes
# through the database (enqueued tasks, flushed after it), but a page rendered
# in that moment could show, and a cache keep, an item that a server crash then
# leaves unplaced. A caller whose result is not recorded in this database
# keeps the synchronous commit (the default). Sent with BEGIN and the match lock,
# so it costs no round trip; SET LOCAL ends with the transaction, so the
# connection's later commits are synchronous again. Inside a caller's
# transaction it is not sent: it would hold for that whole transaction.
ASYNC_COMMIT: tuple[str, list[object]] = ("SET LOCAL synchronous_commit = off", [])
# assign()'s own transaction ends with its last group of writes (see there).
COMMIT: tuple[str, list[object]] = ("COMMIT", [])


def _commit_settings(
    *, durable: bool, outermost: bool
) -> list[tuple[str, list[object]]]:
    """ASYNC_COMMIT when asked for, on PostgreSQL, in a transaction of our own."""
    if durable or not outermost or connection.vendor != "postgresql":
        return []
    return [ASYNC_COMMIT]


def _locking(
    before: list[tuple[str, list[object]]],
) -> list[tuple[str, list[object]]]:
    """The match lock's statements, with ``before`` (ASYNC_COMMIT) ahead of them.

    On PostgreSQL the setting goes in the lock's own SELECT (``set_config``, local
    to the transaction as SET LOCAL is): a statement fewer to send and run."""
    lock = match_lock_statements()
    if before != [ASYNC_COMMIT] or len(lock) != 1 or lock[0][0][:7] != "SELECT ":
        return [*before, *lock]
    ((sql, params),) = lock
    return [(f"{sql}, {_SET_CONFIG[ASYNC_COMMIT[0]]}", params)]


def _tune_sqlite() -> None:
    """On SQLite, checkpoint the matching connection's WAL every SQLITE_WAL_PAGES.

    An item's commit writes a few hundred pages to the WAL (term counts, keys,
    bands, the story); at SQLite's default of 1,000 pages every few items also
    copied the WAL back into the database, and a page that later items wrote
    again (the total count, common terms, the tables' last pages) was copied at
    each of those checkpoints. With 4,000 (a WAL of about 16 MB) the CPU of an
    item at 100,000 stories went from 4.6-4.7 to 3.7-4.2 ms on average, its 95th
    percentile from 8.5-11.6 to 5.3-5.8 ms. Set once per database connection.
    """
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    raw = connection.connection
    if getattr(connection, "_story_tuned", None) is raw:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_WAL_PAGES}")
    connection._story_tuned = raw


def _fetch_all(statements: list[tuple[str, list[object]]]) -> list[list[tuple]]:
    """Run the statements in order; the rows of each (empty for one without rows).

    On PostgreSQL they go in one round trip, where each statement alone waited
    for its answer: prepared, in one pipeline (_fetch_pipelined), or, when
    statements are watched one by one (query logging, execute wrappers) or not
    prepared, as one string through a cursor binding parameters client-side
    (psycopg 3's ClientCursor, Django's default). They run in order in the
    transaction, so a statement sees what the ones before it wrote.
    """
    if not statements:
        return []
    if _pipelines():
        return _fetch_pipelined(statements)
    with connection.cursor() as cursor:
        if (
            len(statements) > 1
            and connection.vendor == "postgresql"
            and _client_binding(cursor)
        ):
            cursor.execute(
                "; ".join(sql for sql, _ in statements),
                [p for _, params in statements for p in params],
            )
            found = []
            for n in range(len(statements)):
                if n:
                    cursor.nextset()
                found.append(cursor.fetchall() if cursor.description else [])
            return found
        found = []
        for sql, params in statements:
            cursor.execute(sql, params)
            found.append(cursor.fetchall() if cursor.description else [])
        return found


def _pipelines() -> bool:
    """Whether _fetch_all() sends prepared statements in one pipeline: on
    PostgreSQL when the backend prepares statements (``wiredesk.backends``) and
    nothing watches statements one by one (query logging, execute wrappers: they
    see the statements grouped as one string, as before)."""
    # One lookup of the connection: each attribute of the ``connection`` proxy
    # is a lookup in a thread-local, and this runs for every group of statements.
    db = connections[DEFAULT_DB_ALIAS]
    return (
        db.vendor == "postgresql"
        and getattr(db, "prepares_statements", False)
        and hasattr(db, "kept_cursors")
        and not (db.queries_logged or db.execute_wrappers)
    )


def _fetch_pipelined(statements: list[tuple[str, list[object]]]) -> list[list[tuple]]:
    """_fetch_all() on PostgreSQL: the statements prepared and sent in one
    pipeline (psycopg's pipeline mode), one round trip for the group as when they
    were one string, and PostgreSQL plans each kind of statement once per
    connection instead of every time: planning the exact-key lookup alone cost
    the server 0.5 ms an item, more than running it. A statement without
    parameters (``SET LOCAL``) is not prepared."""
    if len(statements) > 1:
        with _Sending(statements) as sending:  # sent, then read at once
            return sending.rows()
    # One round trip anyway: no pipeline to manage.
    (cursor,) = connection.kept_cursors(1)
    connection.validate_no_broken_transaction()
    ((sql, params),) = statements
    with connection.wrap_database_errors:
        cursor.execute(sql, params, prepare=bool(params))
        return [cursor.fetchall() if cursor.description else []]


class _Sending:
    """A group of statements sent on entering, its rows read by ``rows()``.

    On PostgreSQL (pipelined, as _fetch_pipelined) the statements go out at once
    and the server runs them while the caller computes what does not need their
    answers; ``rows()`` then waits for them, so the client's and the server's
    work overlap instead of adding up. Between the two nothing may use the
    database connection. A single statement goes the same way, for that overlap.
    Elsewhere the statements run on entering.
    """

    def __init__(self, statements: list[tuple[str, list[object]]]) -> None:
        self.statements = statements
        self.found: list[list[tuple]] | None = None
        self.pipeline = None
        self.cursors: list = []

    def __enter__(self) -> _Sending:
        if not _pipelines() or not self.statements:
            self.found = _fetch_all(self.statements)
            return self
        self.cursors = connection.kept_cursors(len(self.statements))
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors:
            self.pipeline = connection.connection.pipeline()  # a context manager
            self.sync = self.pipeline.__enter__().sync
            try:
                for cursor, (sql, params) in zip(
                    self.cursors, self.statements, strict=True
                ):
                    cursor.execute(sql, params, prepare=bool(params))
            except BaseException as error:
                self._close(error)
                raise
        return self

    def send(self, statements: list[tuple[str, list[object]]]) -> None:
        """More statements in the same round trip, sent before ``rows()``: what
        the caller could only build while the first ones were on their way
        (PostgreSQL's pipeline only: assign() sends them ahead there alone)."""
        if not statements:
            return
        cursors = connection.kept_cursors(len(self.cursors) + len(statements))
        cursors = cursors[len(self.cursors) :]
        with connection.wrap_database_errors:
            try:
                for cursor, (sql, params) in zip(cursors, statements, strict=True):
                    cursor.execute(sql, params, prepare=bool(params))
            except BaseException as error:
                self._close(error)
                raise
        self.cursors += cursors
        self.statements = [*self.statements, *statements]

    def rows(self) -> list[list[tuple]]:
        """The rows of each statement, in order (empty for one without rows)."""
        if self.found is None:
            with connection.wrap_database_errors:
                try:
                    self.sync()
                    self.found = [
                        cursor.fetchall() if cursor.description else []
                        for cursor in self.cursors
                    ]
                except BaseException as error:
                    self._close(error)
                    raise
                self._close(None)
        return self.found

    def __exit__(self, kind, error, trace) -> None:
        if self.pipeline is not None:  # left before rows(): by an error
            with connection.wrap_database_errors:
                self._close(error)

    def _close(self, error: BaseException | None) -> None:
        pipeline, self.pipeline = self.pipeline, None
        if pipeline is not None:
            pipeline.__exit__(
                None if error is None else type(error),
                error,
                None if error is None else error.__traceback__,
            )


M = TypeVar("M", bound=models.Model)


def insert(instance: M) -> M:
    """Write a new row of ``instance`` with one plain INSERT; returns it, saved.

    What ``objects.create`` writes (each field's ``pre_save`` and database value),
    without the ORM building the statement twice for every item matched.
    Stories and their links have no save signals to send.
    """
    return _inserted(instance, _rows(*_insert_query(instance)))


def _insert_query(
    instance: models.Model, story: Story | None = None, story_sql: str = ""
) -> tuple[str, list[object]]:
    """insert()'s statement, returning the new row's id.

    With ``story`` (unsaved, on PostgreSQL), ``instance`` is a StoryItem of it:
    the story is inserted by the same statement (a data-modifying WITH), and
    its id is returned after the link's. ``story_sql``: the name of such a WITH
    query in a statement of the caller's, the link's story."""
    meta = instance._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    values = [
        f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields
    ]
    marks = ["%s"] * len(fields)
    returning = quote(meta.pk.column)
    prefix, head = "", []
    if story is not None or story_sql:
        if story is not None:
            sql, head = _insert_query(story)
            prefix = f"WITH new_story AS ({sql}) "
        n = next(n for n, f in enumerate(fields) if f.name == "story")
        marks[n] = (
            f"(SELECT {quote(Story._meta.pk.column)} FROM {story_sql or 'new_story'})"
        )
        del values[n]
        if story is not None:
            returning += f", {quote(fields[n].column)}"
    return (
        f"{prefix}INSERT INTO {quote(meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(marks)}) "
        f"RETURNING {returning}",
        [*head, *values],
    )


def _created_query(
    story: Story,
    link: StoryItem,
    wanted: Mapping[str, float],
    bands: list[tuple[int, int]] | None,
) -> tuple[str, list[object]]:
    """On PostgreSQL, a new ``story`` as one statement answering its id and its
    link's: the story as refresh(), flag() and fold() made it (not written
    first and updated after), its first ``link``, its keys (``wanted``, from
    fold(); none to delete or update) and the item's ``bands`` (None: no
    signature). Data-modifying WITH queries: each later one takes the story's
    and the link's ids from the first two."""
    story_sql, params = _insert_query(story)
    link_sql, link_params = _insert_query(link, story_sql="new_story")
    parts = [f"new_story AS ({story_sql})", f"new_link AS ({link_sql})"]
    params += link_params
    new_id = "(SELECT id FROM new_story)"
    when = connection.ops.adapt_datetimefield_value(story.created_at)
    if wanted:
        table, story_id, term_col, weight_col, created = _t.term_columns
        terms, term_values = _pg_array(list(wanted), "varchar")
        weights, weight_values = _pg_array(list(wanted.values()), "float8")
        parts.append(
            f"keys AS (INSERT INTO {table} ({story_id}, {term_col}, {weight_col}, "
            f"{created}) SELECT {new_id}, term, weight, %s FROM "
            f"unnest({terms}, {weights}) AS k(term, weight))"
        )
        params += [when, term_values, weight_values]
    if bands:
        quote = connection.ops.quote_name
        columns = ", ".join(
            quote(StoryBand._meta.get_field(name).column)
            for name in ("story", "link", "band_no", "band_hash", "created_at")
        )
        numbers, number_values = _pg_array([n for n, _ in bands], "smallint")
        hashes, hash_values = _pg_array([h for _, h in bands], "bigint")
        parts.append(
            f"bands AS (INSERT INTO {_t.band} ({columns}) SELECT {new_id}, "
            "(SELECT id FROM new_link), band_no, band_hash, %s "
            f"FROM unnest({numbers}, {hashes}) AS k(band_no, band_hash))"
        )
        params += [when, number_values, hash_values]
    return (
        f"WITH {', '.join(parts)} SELECT {new_id}, (SELECT id FROM new_link)",
        params,
    )


def _inserted(instance: M, rows: list[tuple]) -> M:
    """``instance`` saved, with the id its _insert_query() returned."""
    instance.pk = rows[0][0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


def kept_apart(item: WireItem) -> set[int]:
    """Stories holding items an editor split away from any version of ``item``."""
    return _kept_apart(item, _rows(*_separations_query(item)))


def _lineage() -> str:
    """Ids of every version of an item (its source and guid as parameters)."""
    return f"SELECT id FROM {_t.item} WHERE source_id = %s AND guid = %s"


def _separations_query(item: WireItem) -> tuple[str, list[object]]:
    """The editors' separations of any version of ``item``, for kept_apart()."""
    lineage = _lineage()
    return (
        f"SELECT item_a_id, item_b_id FROM {_t.separation} "
        f"WHERE item_a_id IN ({lineage}) OR item_b_id IN ({lineage})",
        [item.source_id, item.guid] * 2,
    )


# The columns of the first lookups' rows, for _Union: a link's or story's id, a
# pair of ids (an editors' separation, an exact key's kind and link), a link
# sharing a band (_band_query).
_ID = ("bigint",)
_PAIR = ("bigint", "bigint")
_BAND_ROW = ("bigint", "bytea", "bigint", "bigint")


class _Union:
    """Queries of different columns as one statement (UNION ALL), for one
    execution where each query sent cost the matching process and the server
    more than its few index lookups; ``split()`` gives each query's rows back.

    A row holds its query's number, then its columns in slots by type (the
    other slots NULL). Each query's rows keep their order: the parts of a
    UNION ALL run one after the other."""

    def __init__(
        self, queries: list[tuple[tuple[str, list[object]], tuple[str, ...]]]
    ) -> None:
        types = sorted({kind for _, columns in queries for kind in columns})
        # Each type has as many slots as the query with most columns of it.
        order = [
            (kind, n)
            for kind in types
            for n in range(max(columns.count(kind) for _, columns in queries))
        ]
        self.places: list[list[int]] = []  # query -> its columns' places in a row
        parts, params = [], []
        for number, ((sql, query_params), columns) in enumerate(queries):
            seen: dict[str, int] = {}
            where = {}
            for column, kind in enumerate(columns):
                where[(kind, seen.get(kind, 0))] = column
                seen[kind] = seen.get(kind, 0) + 1
            self.places.append(
                [1 + order.index(slot) for slot in sorted(where, key=where.get)]
            )
            names = ", ".join(f"c{column}" for column in range(len(columns)))
            values = ", ".join(
                f"q.c{where[slot]}::{slot[0]}" if slot in where else f"NULL::{slot[0]}"
                for slot in order
            )
            parts.append(f"SELECT {number}, {values} FROM ({sql}) AS q({names})")
            params += query_params
        self.statement = (" UNION ALL ".join(parts), params)
        self.count = len(queries)

    def split(self, rows: list[tuple]) -> list[list[tuple]]:
        found: list[list[tuple]] = [[] for _ in range(self.count)]
        for row in rows:
            number = row[0]
            found[number].append(tuple(row[i] for i in self.places[number]))
        return found


def _kept_apart(item: WireItem, pairs: list[tuple]) -> set[int]:
    """kept_apart() from the rows of _separations_query()."""
    if not pairs:  # the usual case: one indexed query
        return set()
    lineage_ids = {pk for (pk,) in _rows(_lineage(), [item.source_id, item.guid])}
    others = {i for pair in pairs for i in pair} - lineage_ids - {item.pk}
    return set(
        StoryItem.objects.filter(item_id__in=others).values_list("story_id", flat=True)
    )


def _same_guid_query(item: WireItem) -> tuple[str, list[object]]:
    """The newest link of an earlier version (same source and guid) of ``item``,
    and 1 when a re-issue under another guid replaced that version (else 0)."""
    return (
        f"SELECT link.id, CASE WHEN EXISTS (SELECT 1 FROM {_t.link} later "
        "WHERE later.supersedes_id = link.item_id) THEN 1 ELSE 0 END "
        f"FROM {_t.link} link JOIN {_t.item} item "
        "ON item.id = link.item_id WHERE item.source_id = %s AND item.guid = %s "
        "ORDER BY item.version DESC, link.id DESC LIMIT 1",
        [item.source_id, item.guid],
    )


def _same_guid_join(found: list[tuple]) -> Join | None:
    """A later version of an item already placed joins that item's story (from
    the rows of _same_guid_query()).

    The new version is the item's latest word, whatever it is (a kill, a
    correction, an update): when a re-issue under another guid replaced the
    earlier version, it replaces the head of that chain, so the chain keeps one
    head (two queries, only then)."""
    if not found:
        return None
    link_id, reissued = found[0]
    earlier = linked(link_id)
    replaced = earlier.item
    if reissued:
        replaced = head_of(earlier.story, earlier.item)
    return Join(earlier.story, StoryItem.Role.VERSION, supersedes=replaced)


# A link with its story and item, by id: what a version, an exact key or a near
# copy joins. Compiled once per thread: building the ORM query with its two joins
# cost several times running it (on PostgreSQL it is also prepared).
_LINKED = CompiledQuery(
    StoryItem,
    lambda ids, now: StoryItem.objects.select_related("story", "item").filter(
        pk__in=ids
    ),
)


def linked(link_id: int) -> StoryItem:
    """``StoryItem.objects.select_related("story", "item").get(pk=link_id)``,
    its SQL compiled once per thread (``_LINKED``)."""
    link = _LINKED.get(link_id)
    if link is None:
        raise StoryItem.DoesNotExist(f"story item {link_id} does not exist")
    return link


def _window(when: datetime) -> Q:
    return Q(story__created_at__gte=when - WINDOW, story__created_at__lte=when + WINDOW)


def _window_params(when: datetime) -> list[object]:
    """The window's bounds as the database takes them, for plain SQL.

    Kept for the last item's time: three lookups of one item ask for them, and
    on SQLite each bound is a timezone conversion and an isoformat()."""
    global _last_window
    key = (connection.alias, connection.vendor, when)
    last = _last_window  # one read: another thread may replace it meanwhile
    if last is None or last[0] != key:
        adapt = connection.ops.adapt_datetimefield_value
        last = (key, (adapt(when - WINDOW), adapt(when + WINDOW)))
        _last_window = last
    return list(last[1])


_last_window: tuple[tuple, tuple] | None = None


def _not_in(column: str, ids: Iterable[int]) -> tuple[str, list[int]]:
    """`` AND column NOT IN (...)`` and its parameters; nothing when empty."""
    ids = list(ids)
    if not ids:
        return "", []
    return f" AND {column} NOT IN ({', '.join(['%s'] * len(ids))})", ids


def _pg_array(values: list, cast: str) -> tuple[str, object]:
    """An array parameter for PostgreSQL: its SQL and its value.

    The values go as one text, joined by a newline (numbers by a comma) and split
    by the server (``string_to_array``), where psycopg dumps a list element by
    element in Python: for the ~150 terms counted per item that was most of
    the cost of sending the statement. Texts holding a newline, or an empty text
    (which the split would lose), go as a list.
    """
    if cast in ("bigint", "smallint", "float8"):
        # repr() of a float is its shortest exact form: the server reads it back.
        joined = ",".join(map(repr, values))
        return f"string_to_array(%s, ',')::{cast}[]", joined
    joined = "\n".join(values)
    if "" in values or joined.count("\n") != max(len(values) - 1, 0):
        return f"%s::{cast}[]", values
    return f"string_to_array(%s, E'\\n')::{cast}[]", joined


def _rows(sql: str, params: list[object]) -> list[tuple]:
    return _fetch_all([(sql, params)])[0]


class _Tables:
    """Quoted table names for the lookups' plain SQL, read from the models."""

    @cached_property
    def item(self) -> str:
        return connection.ops.quote_name(WireItem._meta.db_table)

    @cached_property
    def link(self) -> str:
        return connection.ops.quote_name(StoryItem._meta.db_table)

    @cached_property
    def story(self) -> str:
        return connection.ops.quote_name(Story._meta.db_table)

    @cached_property
    def band(self) -> str:
        return connection.ops.quote_name(StoryBand._meta.db_table)

    @cached_property
    def separation(self) -> str:
        return connection.ops.quote_name(StorySeparation._meta.db_table)

    @cached_property
    def stat_columns(self) -> tuple[str, str, str]:
        """TermStat's table, then its term and items columns."""
        quote = connection.ops.quote_name
        return (
            quote(TermStat._meta.db_table),
            *(
                quote(TermStat._meta.get_field(name).column)
                for name in ("term", "items")
            ),
        )

    @cached_property
    def term_columns(self) -> tuple[str, str, str, str, str]:
        """StoryTerm's table, then its story, term, weight and created_at columns."""
        quote = connection.ops.quote_name
        return (
            quote(StoryTerm._meta.db_table),
            *(
                quote(StoryTerm._meta.get_field(name).column)
                for name in ("story", "term", "weight", "created_at")
            ),
        )


_t = _Tables()


def _exact_query(
    item: WireItem, when: datetime, apart: set[int]
) -> tuple[str, list[object]] | None:
    """Items in a story with the same visible text or the same canonical URL as
    ``item``; None when it has neither key.

    One statement looks up both keys; the text wins (_exact_join). Plain SQL: the
    usual answer is "none", and the ORM's query building would cost more than the
    lookup.
    """
    apart_sql, apart_params = _not_in("link.story_id", apart)
    window = (
        f"FROM {_t.link} link JOIN {_t.story} story ON story.id = link.story_id "
        f"JOIN {_t.item} item ON item.id = link.item_id "
        "WHERE story.created_at >= %s AND story.created_at <= %s"
        f"{apart_sql}"
    )
    window_params = [*_window_params(when), *apart_params]
    # The same source's item first: a re-issue sharing a URL (or text) with a
    # partner's earlier copy is a version of its own item, not another agency.
    first = "ORDER BY (item.source_id = %s) DESC, link.id LIMIT 1"
    parts, params = [], []
    if item.body_text.strip() and item.content_hash:
        parts.append(
            f"SELECT 0 AS kind, link.id AS id {window} AND link.item_id IN "
            f"(SELECT id FROM {_t.item} WHERE content_hash = %s) {first}"
        )
        params += [*window_params, item.content_hash, item.source_id]
    key = versions.url_key(item.url)
    if key:
        parts.append(
            f"SELECT 1 AS kind, link.id AS id {window} AND link.url_key = %s {first}"
        )
        params += [*window_params, key, item.source_id]
    if not parts:
        return None
    union = " UNION ALL ".join(
        f"SELECT kind, id FROM ({part}) AS k{n}" for n, part in enumerate(parts)
    )
    return union, params


def _exact_join(item: WireItem, rows: list[tuple]) -> Join | None:
    """The join an exact key decides, from the rows of _exact_query()."""
    found = sorted(rows)
    if not found:
        return None
    found = linked(found[0][1])
    if found.item.source_id == item.source_id:
        head = head_of(found.story, found.item)
        return Join(found.story, StoryItem.Role.VERSION, 1.0, supersedes=head)
    return Join(found.story, StoryItem.Role.SOURCE, 1.0)


def reissue_match(
    item: WireItem,
    marked: versions.Marks,
    fp: Mapping[str, float],
    when: datetime,
    apart: set[int],
    stats: Mapping[str, int] | None = None,
) -> Join | None:
    """The story of the same source's item that a marked re-issue re-issues.

    Same source items are looked for in the stories sharing the headline without
    marks or the URL (begun up to ``REISSUE_WINDOW`` before) and in the scorer's
    candidate stories; the headline or URL match wins, then the closest text at or
    above ``REISSUE_TEXT_MATCH``. ``stats`` as in candidates().
    """
    same_source = StoryItem.objects.filter(
        _window(when), item__source_id=item.source_id
    ).exclude(story_id__in=apart)
    key = versions.headline_key(item.headline)
    url = versions.url_key(item.url)
    by_key = (Q(headline_key=key) if key else Q()) | (Q(url_key=url) if url else Q())
    # The keys reach back REISSUE_WINDOW, past the window on the story's start.
    by_headline = (
        StoryItem.objects.filter(
            by_key,
            item__source_id=item.source_id,
            story__created_at__gte=when - REISSUE_WINDOW,
            story__created_at__lte=when + WINDOW,
        )
        .exclude(story_id__in=apart)
        .select_related("story", "item")
        .order_by("-pk")
        .first()
        if key or url
        else None
    )
    if by_headline is not None:
        head = head_of(by_headline.story, by_headline.item)
        return Join(by_headline.story, StoryItem.Role.VERSION, 1.0, supersedes=head)
    story_ids = candidates(fp, when, exclude=apart, stats=stats)
    mine = similarity.fingerprint(marked.base, item.body_text)
    best: tuple[float, StoryItem] | None = None
    for link in (
        same_source.filter(story_id__in=story_ids)
        .select_related("story", "item")
        .order_by("pk")
    ):
        other = similarity.fingerprint(
            versions.marks(link.item.headline).base, link.item.body_text
        )
        score = similarity.similarity(mine, other)
        if score >= REISSUE_TEXT_MATCH and (best is None or score > best[0]):
            best = (score, link)
    if best is None:
        return None
    score, link = best
    head = head_of(link.story, link.item)
    return Join(link.story, StoryItem.Role.VERSION, round(score, 4), supersedes=head)


def nearcopy_match(
    item: WireItem, signature: bytes, when: datetime, apart: set[int]
) -> Join | None:
    """The story of the closest near-copy of ``item`` within the window, if any.

    Candidates share at least one LSH band; the one with the highest estimated
    Jaccard at or above ``nearcopy.THRESHOLD`` wins (the same source first on a
    tie, then the earliest item). From the same source it is a lightly edited
    re-issue: a version of that item. From another source it is that agency's own
    copy of the story (a partner redistributing the text, say): another agency.
    Only the signatures are read until one is chosen.
    """
    return _nearcopy_join(item, signature, _rows(*_band_query(signature, when, apart)))


def _band_query(
    signature: bytes,
    when: datetime,
    apart: set[int],
    bands: list[tuple[int, int]] | None = None,
) -> tuple[str, list[object]]:
    """The links sharing a band with ``signature`` (the newest NEARCOPY_CANDIDATES)
    with their signatures and sources: one statement. ``bands``: the signature's
    ``nearcopy.bands`` when the caller has them."""
    # Band hashes include the band number: one IN list finds every shared band.
    hashes = [band_hash for _, band_hash in bands or nearcopy.bands(signature)]
    apart_sql, apart_params = _not_in("story_id", apart)
    if connection.vendor == "postgresql":  # one array parameter (count_terms)
        array, hashes = _pg_array(hashes, "bigint")
        shared_hashes, hashes = f"= ANY({array})", [hashes]
    else:
        shared_hashes = f"IN ({', '.join(['%s'] * len(hashes))})"
    shared = (
        f"SELECT DISTINCT link_id FROM {_t.band} WHERE band_hash {shared_hashes} "
        "AND created_at >= %s "
        f"AND created_at <= %s{apart_sql} ORDER BY link_id DESC "
        f"LIMIT {NEARCOPY_CANDIDATES}"
    )
    return (
        f"SELECT link.id, link.minhash, link.item_id, item.source_id "
        f"FROM {_t.link} link JOIN {_t.item} item ON item.id = link.item_id "
        f"WHERE link.id IN ({shared}) AND link.minhash IS NOT NULL",
        [*hashes, *_window_params(when), *apart_params],
    )


def _nearcopy_join(item: WireItem, signature: bytes, rows: list[tuple]) -> Join | None:
    """nearcopy_match() from the rows of _band_query()."""
    best: tuple[float, bool, int, int] | None = None
    for link_id, minhash, item_id, source_id in rows:
        score = nearcopy.estimate(bytes(minhash), signature)
        if score < nearcopy.THRESHOLD:
            continue
        rank = (score, source_id == item.source_id, -item_id, link_id)
        if best is None or rank[:3] > best[:3]:
            best = rank
    if best is None:
        return None
    score, same_source, _, link_id = best
    link = linked(link_id)
    if same_source:
        head = head_of(link.story, link.item)
        return Join(link.story, StoryItem.Role.VERSION, score, supersedes=head)
    return Join(link.story, StoryItem.Role.SOURCE, score)


def _bands_query(
    link: StoryItem, signature: bytes, bands: list[tuple[int, int]] | None = None
) -> tuple[str, list[object]]:
    """The INSERT of the item's LSH band rows, carrying the story's time for the
    window (``bands``: the signature's, when known). One statement of plain
    values: bulk_create's model instances cost more than the insert itself."""
    created = connection.ops.adapt_datetimefield_value(link.story.created_at)
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(StoryBand._meta.get_field(name).column)
        for name in ("story", "link", "band_no", "band_hash", "created_at")
    )
    rows = bands or nearcopy.bands(signature)
    if connection.vendor == "postgresql":  # arrays as parameters (count_terms)
        numbers, number_values = _pg_array([n for n, _ in rows], "smallint")
        hashes, hash_values = _pg_array([h for _, h in rows], "bigint")
        return (
            f"INSERT INTO {_t.band} ({columns}) SELECT %s, %s, band_no, band_hash, %s "
            f"FROM unnest({numbers}, {hashes}) AS k(band_no, band_hash)",
            [link.story_id, link.pk, created, number_values, hash_values],
        )
    params: list[object] = []
    for band_no, band_hash in rows:
        params += [link.story_id, link.pk, band_no, band_hash, created]
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    return f"INSERT INTO {_t.band} ({columns}) VALUES {values}", params


def head_of(story: Story, item: WireItem) -> WireItem:
    """The latest version or re-issue of ``item`` within ``story``."""
    replaced_by = dict(
        StoryItem.objects.filter(story=story, supersedes__isnull=False).values_list(
            "supersedes_id", "item_id"
        )
    )
    latest = (
        WireItem.objects.filter(
            story_link__story=story, source_id=item.source_id, guid=item.guid
        )
        .order_by("-version")
        .values_list("pk", flat=True)
        .first()
    ) or item.pk
    current, seen = latest, set()
    while current in replaced_by and current not in seen:
        seen.add(current)
        current = replaced_by[current]
    return item if current == item.pk else WireItem.objects.get(pk=current)


def count_terms(counts: Iterable[str], *, bitmap_off: bool = False) -> dict[str, int]:
    """Count one more item using each of its terms (and one more item in all).

    One upsert (insert at 1, or add 1) per term, returning the new counts: the
    rarity of the item's terms is read in the same statement, and two workers
    counting at once both count. Terms are written in sorted order, so two
    transactions never wait on each other's rows in opposite orders. With
    ``bitmap_off`` (PostgreSQL) this statement itself makes BITMAP_OFF's setting,
    once, for the rest of the transaction: a statement fewer to send and run.
    """
    statement = _count_query(term_keys(counts), bitmap_off=bitmap_off, returning=True)
    return dict(_rows(*statement))


def term_keys(counts: Iterable[str]) -> list[str]:
    """The TermStat rows that count an item's terms (and the total), sorted."""
    return sorted({term[:64] for term in counts} | {TermStat.ALL})


def _count_query(
    keys: list[str], *, bitmap_off: bool = False, returning: bool = False
) -> tuple[str, list[object]]:
    """count_terms()'s upsert of ``keys`` (term_keys()); ``returning``: with
    the new counts as its rows."""
    table, term, items = _t.stat_columns
    prefix = ""
    if connection.vendor == "postgresql":
        # One array parameter, in order: psycopg quotes a list of strings for
        # less than a third of the CPU of as many separate parameters.
        array, value = _pg_array(keys, "varchar")
        source = f"unnest({array}) WITH ORDINALITY AS k(key, n)"
        if bitmap_off:
            prefix = (
                f"WITH settings AS MATERIALIZED (SELECT {_SET_CONFIG[BITMAP_OFF[0]]}) "
            )
            source = f"settings, {source}"
        rows: str = f"SELECT key, 1 FROM {source} ORDER BY n"
        params: list[object] = [value]
    else:
        rows, params = f"VALUES {', '.join(['(%s, 1)'] * len(keys))}", keys
    return (
        f"{prefix}INSERT INTO {table} ({term}, {items}) {rows} "
        f"ON CONFLICT ({term}) DO UPDATE SET {items} = {table}.{items} + 1"
        + (f" RETURNING {term}, {items}" if returning else ""),
        params,
    )


def _uncount(counted: Mapping[str, int]) -> list[tuple[str, list[object]]]:
    """On PostgreSQL, statements taking back what _count_query() counted
    (``counted``: the counts it returned) in this transaction: a term it
    counted first loses its row (a stored count is never 0), the others one.
    For assign(), whose counts went before it knew the item was a version."""
    table, term, items = _t.stat_columns
    first = [key for key, n in counted.items() if n <= 1]
    again = [key for key, n in counted.items() if n > 1]
    statements = []
    for keys, sql in (
        (first, f"DELETE FROM {table} WHERE {term} = ANY({{}})"),
        (again, f"UPDATE {table} SET {items} = {items} - 1 WHERE {term} = ANY({{}})"),
    ):
        if keys:
            array, value = _pg_array(sorted(keys), "varchar")
            statements.append((sql.format(array), [value]))
    return statements


def rarity(
    counts: Iterable[str], stats: Mapping[str, int] | None = None
) -> dict[str, float]:
    """ln(1 + N / n) of each term, N items stored, n of them using the term.

    ``stats`` (term → items, with ``TermStat.ALL``) saves the query when known.
    """
    counts = list(counts)
    if stats is None:
        keys = {term[:64] for term in counts} | {TermStat.ALL}
        stats = dict(
            TermStat.objects.filter(term__in=keys).values_list("term", "items")
        )
    total = max(stats.get(TermStat.ALL, 0), 1)
    return {
        term: math.log(1 + total / max(stats.get(term[:64], 0), 1)) for term in counts
    }


def candidates(
    fp: Mapping[str, float],
    when: datetime,
    exclude: Iterable[int] = (),
    stats: Mapping[str, int] | None = None,
) -> list[int]:
    """Ids of the stories within the window sharing the most of the item's top keys.

    Each key reads at most KEY_ROWS of its StoryTerm rows, the newest in the window,
    straight from the (term, created_at, story) index: the rows read per item stay
    bounded however many stories share a key. ``stats`` (term -> items, with
    ``TermStat.ALL``) saves the TermStat query when the caller has the counts.
    """
    query = candidate_query(fp, when, exclude, stats)
    if query is None:
        return []
    return [row[0] for row in _candidate_rows(*query)]


def candidate_query(
    fp: Mapping[str, float],
    when: datetime,
    exclude: Iterable[int] = (),
    stats: Mapping[str, int] | None = None,
) -> tuple[str, list[object]] | None:
    """The statement selecting candidates() (``story_id``, best first) and its
    parameters; None when the item has no key to look up."""
    keys = without_common_keys(
        [term[:64] for term in similarity.top_terms(fp, KEYS)], stats
    )
    if not keys:
        return None
    table, story, term, _, created = _t.term_columns
    since, until = _window_params(when)
    exclude = list(exclude)
    marks = ", ".join(["%s"] * len(exclude))
    apart = f"WHERE story_id NOT IN ({marks}) " if exclude else ""
    newest = (
        f"SELECT {story} AS story_id FROM {table} WHERE {term} = {{key}} "
        f"AND {created} >= %s AND {created} <= %s "
        f"ORDER BY {created} DESC LIMIT {KEY_ROWS}"
    )
    if connection.vendor == "postgresql":
        # One planned subquery run per key (LATERAL): planning twelve copies costs
        # more than running them. The planner's guess for "a key" is a few rows,
        # for which it would read every row of a common key through a bitmap and
        # sort them: bitmap scans are off for this statement (_candidate_rows), so
        # each key walks the index backwards and stops after KEY_ROWS.
        array, value = _pg_array(keys, "varchar")
        rows = (
            f"SELECT shared.story_id FROM unnest({array}) AS item_key(term) "
            f"CROSS JOIN LATERAL ({newest.format(key='item_key.term')}) AS shared"
        )
        params: list[object] = [value, since, until]
    else:
        rows = " UNION ALL ".join(
            f"SELECT story_id FROM ({newest.format(key='%s')}) AS key{n}"
            for n in range(len(keys))
        )
        params = []
        for key in keys:
            params += [key, since, until]
    sql = (
        f"SELECT story_id FROM ({rows}) AS shared_rows {apart}GROUP BY story_id "
        f"ORDER BY COUNT(*) DESC, story_id LIMIT {CANDIDATES}"
    )
    return sql, [*params, *exclude]


def _candidate_rows(
    sql: str, params: list[object], *, text_times: bool = False, off: bool = False
) -> list[tuple]:
    """Run a statement built on candidate_query(): on PostgreSQL with bitmap scans
    off for it alone, the three statements sent in one round trip when the cursor
    binds parameters client-side (Django's default with psycopg 3).

    ``off``: when pipelined, the caller already sent BITMAP_OFF in this
    transaction and turns them on again itself: the statement goes alone.
    ``text_times``: when pipelined, timestamp columns come back as the server's
    text, for the caller to convert only the rows it keeps (_load_time)."""
    if _pipelines():
        statements = [(sql, params)] if off else [BITMAP_OFF, (sql, params), BITMAP_ON]
        middle = len(statements) // 2
        if not text_times:
            return _fetch_pipelined(statements)[middle]
        adapters = connection.kept_cursors(len(statements))[middle].adapters
        loader = adapters.get_loader(_TIMESTAMPTZ_OID, _TEXT)
        adapters.register_loader(_TIMESTAMPTZ_OID, _TextLoader)
        try:
            return _fetch_pipelined(statements)[middle]
        finally:
            adapters.register_loader(_TIMESTAMPTZ_OID, loader)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        off, on = BITMAP_OFF[0], BITMAP_ON[0]
        if _client_binding(cursor):
            cursor.execute(f"{off}; {sql}; {on}", params)
            cursor.nextset()
            return cursor.fetchall()
        cursor.execute(off)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.execute(on)  # back for the transaction's rest
        return rows


# The candidate query's plan on PostgreSQL (see candidate_query()).
BITMAP_OFF: tuple[str, list[object]] = ("SET LOCAL enable_bitmapscan = off", [])
BITMAP_ON: tuple[str, list[object]] = ("SET LOCAL enable_bitmapscan = on", [])
# Settings that a statement can make as it runs (count_terms), as SET LOCAL does.
_SET_CONFIG = {
    BITMAP_OFF[0]: "set_config('enable_bitmapscan', 'off', true)",
    ASYNC_COMMIT[0]: "set_config('synchronous_commit', 'off', true)",
}


def _load_time(text: str) -> datetime:
    """A timestamp read as text by _candidate_rows(text_times=True), converted by
    the loader its cursor uses otherwise: the same value as read directly."""
    cursor = connection.kept_cursors(1)[0]
    loader = cursor.adapters.get_loader(_TIMESTAMPTZ_OID, _TEXT)
    return loader(_TIMESTAMPTZ_OID, cursor).load(text.encode())


try:  # timestamps read as text for the candidates (_candidate_rows)
    from psycopg import adapters as _pg_adapters
    from psycopg.pq import Format as _Format

    _TEXT = _Format.TEXT
    _TIMESTAMPTZ_OID = _pg_adapters.types["timestamptz"].oid
    _TextLoader = _pg_adapters.get_loader(_pg_adapters.types["text"].oid, _TEXT)
except ImportError:  # without psycopg 3 nothing is pipelined
    _TEXT = _TIMESTAMPTZ_OID = _TextLoader = None


def _client_binding(cursor) -> bool:
    """Whether a PostgreSQL cursor merges parameters into the statement itself
    (psycopg 3's ClientCursor), which lets one execute() send several statements."""
    try:
        from psycopg import ClientCursor
    except ImportError:  # psycopg2 also binds client-side, but keep it simple
        return False
    return isinstance(getattr(cursor, "cursor", None), ClientCursor)


def without_common_keys(
    keys: list[str], stats: Mapping[str, int] | None = None
) -> list[str]:
    """The keys minus those in more than COMMON_SHARE of all items (the rarest stay).

    A key found in a large share of everything stored ("bank", "Inc") tells little
    and would fill its KEY_ROWS with stories of no relation. Below COMMON_FLOOR
    items no key is skipped, so small desks and the evaluation see every candidate.
    ``stats`` as in candidates().
    """
    if stats is None:
        stats = dict(
            TermStat.objects.filter(term__in=[*keys, TermStat.ALL]).values_list(
                "term", "items"
            )
        )
    limit = max(stats.get(TermStat.ALL, 0) * COMMON_SHARE, COMMON_FLOOR)
    kept = [k for k in keys if stats.get(k, 0) <= limit]
    if len(kept) < MIN_KEYS:
        kept = sorted(keys, key=lambda k: stats.get(k, 0))[:MIN_KEYS]
    return kept


def active_scorer() -> similarity.Scorer:
    """The scorer named by the STORY_SCORER setting (default: ``SCORER``)."""
    name = getattr(settings, "STORY_SCORER", None) or SCORER.name
    try:
        return similarity.SCORERS[name]
    except KeyError:
        known = ", ".join(sorted(similarity.SCORERS))
        raise ImproperlyConfigured(
            f"STORY_SCORER {name!r} is not one of {known}"
        ) from None


def best_match(
    fp: dict[str, float],
    when: datetime,
    exclude: Iterable[int] = (),
    stats: Mapping[str, int] | None = None,
    *,
    bitmap_off: bool = False,
) -> tuple[Story | None, float | None]:
    """The best-scoring story within the time window, if it passes the threshold.

    ``stats`` as in candidates(); ``bitmap_off`` as ``off`` in _candidate_rows().
    """
    scorer = active_scorer()
    query = candidate_query(fp, when, exclude, stats)
    if query is None:
        return None, None
    sql, params = query
    # The candidates' rows in the statement that finds them, by plain SQL, and one
    # orjson.loads per profile: a second round trip, the ORM's model instances and
    # json.loads all cost more than the profiles' JSON for 20 candidates.
    fields = [f for f in Story._meta.concrete_fields if f.name != "fingerprint"]
    times = {f for f in fields if isinstance(f, models.DateTimeField)}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    fingerprint = quote(Story._meta.get_field("fingerprint").column)
    bound = getattr(scorer, "bound", None)
    ranked: list[tuple[float, int, similarity.StoryProfile]] = []
    read: dict[int, tuple] = {}
    # Their times come as text, converted only for the story chosen: loading 40
    # timestamps an item cost more than the rest of reading the rows but profiles.
    for *values, data in _candidate_rows(
        f"SELECT {columns}, {fingerprint} FROM {_t.story} "
        f"WHERE {quote(Story._meta.pk.column)} IN ({sql})",
        params,
        text_times=True,
        off=bitmap_off,
    ):
        if isinstance(data, (str, bytes)):
            data = orjson.loads(data)
        story_id = values[0]
        read[story_id] = (values, data)
        profile = similarity.StoryProfile.from_json(data)
        ranked.append(
            (math.inf if bound is None else bound(fp, profile), story_id, profile)
        )
    # The most promising first: once a story scores, every candidate whose bound
    # is below that score (or below the threshold) is skipped unscored. The choice
    # is the one of scoring all: the highest score, the lowest id on a tie.
    ranked.sort(key=lambda entry: (-entry[0], entry[1]))
    best, best_score = None, 0.0
    for ceiling, story_id, profile in ranked:
        if ceiling < best_score or ceiling < scorer.threshold:
            break
        score = scorer.score(fp, profile)
        if score > best_score or (
            best is not None and score == best_score and story_id < best
        ):
            best, best_score = story_id, score
    if best is not None and best_score >= scorer.threshold:
        # Its row and profile were just read: not read and parsed a second time.
        values, data = read[best]
        story = _instance(
            Story,
            {
                f.attname: _load_time(v) if isinstance(v, str) and f in times else v
                for f, v in zip(fields, values, strict=True)
            },
        )
        story.fingerprint = data
        return story, round(best_score, 4)
    return None, None


# -- the story record ----------------------------------------------------------------


def fold(
    story: Story,
    fp: Mapping[str, float],
    *,
    new_item: bool,
    item: WireItem,
    deferred: bool = False,
) -> dict[str, float] | None:
    """Fold the item's vector into the story's profile and its indexed keys.

    A kill notice says nothing about the story, so it changes neither. With
    ``deferred`` the keys are returned instead of written (assign() writes them
    with its last group, _key_writes), and the stored keys are not read first;
    None when they do not change.
    """
    if item.signal == WireItem.Signal.KILL:
        return None
    profile = similarity.StoryProfile.from_json(story.fingerprint)
    profile.add(fp, new_item=new_item)
    if not deferred:
        # The fingerprint is written with the rest of the story by save_story().
        store_profile(story, profile, save=False)
        return None
    story.fingerprint = profile.as_json()
    return _wanted_keys(profile)


def store_profile(
    story: Story, profile: similarity.StoryProfile, *, save: bool = True
) -> bool:
    """Keep ``profile`` as the story's fingerprint and its top terms as keys.

    Saves only what changed; returns whether anything did. ``save=False`` only sets
    ``story.fingerprint``, for a caller that saves the story itself (one UPDATE).
    """
    fingerprint = profile.as_json()
    changed = fingerprint != story.fingerprint
    if changed:
        story.fingerprint = fingerprint
        if save:
            Story.objects.filter(pk=story.pk).update(fingerprint=fingerprint)
    return store_keys(story, profile) or changed


def store_keys(story: Story, profile: similarity.StoryProfile) -> bool:
    """The story's top terms as StoryTerm rows; returns whether any row changed.

    Only the difference is written (_key_writes): folding one item in mostly moves
    weights and rarely the set of keys, and plain SQL costs far less than
    deleting and bulk-creating two dozen model instances per item.
    """
    wanted = _wanted_keys(profile)
    table, story_id, term_col, weight_col, _ = _t.term_columns
    stored = dict(
        _rows(
            f"SELECT {term_col}, {weight_col} FROM {table} WHERE {story_id} = %s",
            [story.pk],
        )
    )
    if stored == wanted:
        return False
    _fetch_all(_key_writes(story, wanted))
    return True


def _wanted_keys(profile: similarity.StoryProfile) -> dict[str, float]:
    """The StoryTerm rows a story of ``profile`` has: top terms and weights."""
    centroid = profile.centroid()
    return {
        term: round(centroid[term], 6)
        for term in dict.fromkeys(
            t[:64] for t in similarity.top_terms(centroid, STORY_KEYS)
        )
        if term in centroid
    }


def _key_writes(
    story: Story, wanted: Mapping[str, float], *, retime: bool = False
) -> list[tuple[str, list[object]]]:
    """Statements making the story's StoryTerm rows ``wanted``, without reading
    them: keys no longer on top deleted, new ones inserted, and the weights that
    moved updated by the same upsert (a row whose weight stays is not written).
    ``retime``: the story's time moved, and every row kept takes it too."""
    table, story_id, term_col, weight_col, created = _t.term_columns
    when = connection.ops.adapt_datetimefield_value(story.created_at)
    upsert = f"ON CONFLICT ({story_id}, {term_col}) DO UPDATE SET "
    if retime:
        upsert += (
            f"{weight_col} = excluded.{weight_col}, {created} = excluded.{created}"
        )
    else:
        upsert += (
            f"{weight_col} = excluded.{weight_col} "
            f"WHERE {table}.{weight_col} <> excluded.{weight_col}"
        )
    if connection.vendor == "postgresql":
        # Arrays as parameters (see count_terms); an empty ``wanted`` deletes all.
        terms, term_values = _pg_array(list(wanted), "varchar")
        weights, weight_values = _pg_array(list(wanted.values()), "float8")
        writes = [
            (
                f"DELETE FROM {table} WHERE {story_id} = %s "
                f"AND NOT ({term_col} = ANY({terms}))",
                [story.pk, term_values],
            )
        ]
        if wanted:
            writes.append(
                (
                    f"INSERT INTO {table} ({story_id}, {term_col}, {weight_col}, "
                    f"{created}) SELECT %s, term, weight, %s FROM "
                    f"unnest({terms}, {weights}) AS k(term, weight) "
                    f"{upsert}",
                    [story.pk, when, term_values, weight_values],
                )
            )
        return writes
    keep = _not_in(term_col, wanted)
    writes = [
        (f"DELETE FROM {table} WHERE {story_id} = %s{keep[0]}", [story.pk, *keep[1]])
    ]
    if wanted:
        params: list[object] = []
        for term, weight in wanted.items():
            params += [story.pk, term, weight, when]
        writes.append(
            (
                f"INSERT INTO {table} ({story_id}, {term_col}, {weight_col}, "
                f"{created}) VALUES {', '.join(['(%s, %s, %s, %s)'] * len(wanted))} "
                f"{upsert}",
                params,
            )
        )
    return writes


def _together(
    statements: list[tuple[str, list[object]]],
) -> tuple[str, list[object]]:
    """Writes as one statement on PostgreSQL: all but the last as data-modifying
    WITH queries, which run once and to completion whether read or not.

    Each statement sent cost the matching process and the server more than its
    own work (psycopg's execute and read, the server's bind, portal and
    snapshot), for the four or five writes of an item. They see one snapshot:
    the caller gives no two of them the same row to change (the keys deleted
    are not those upserted; the bands' retime does not see the bands inserted,
    which carry the new time) and none reads what another writes."""
    if len(statements) == 1:
        return statements[0]
    *first, (last, params) = statements
    ctes = ", ".join(f"w{n} AS ({sql})" for n, (sql, _) in enumerate(first))
    return (
        f"WITH {ctes} {last}",
        [p for _, ps in first for p in ps] + list(params),
    )


# The story's columns assign() changes, written by save_story() in one UPDATE.
SAVED_FIELDS = (
    "headline",
    "primary_item",
    "created_at",
    "updated_at",
    "fingerprint",
    "needs_attention",
    "attention_reason",
    "attention_priority",
)


def save_story(story: Story) -> None:
    """One plain UPDATE of what matching changes in the story (_save_story_query)."""
    _fetch_all([_save_story_query(story)])


def _save_story_query(story: Story) -> tuple[str, list[object]]:
    """One plain UPDATE of what matching changes in the story.

    ``save()`` builds its statement through the ORM for every item matched and,
    with the fingerprint written apart, made two UPDATEs of one row. The values
    go through each field's own ``get_db_prep_save`` (dates), as in save(), except
    the profile, written as JSON by orjson (text on both databases: ProfileField).
    """
    fields = [Story._meta.get_field(name) for name in SAVED_FIELDS]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    params = [
        # The profile's JSON by orjson: json.dumps of 400 terms and their counts
        # was a large share of the statement's cost.
        orjson.dumps(story.fingerprint).decode()
        if f.name == "fingerprint"
        else f.get_db_prep_save(getattr(story, f.attname), connection)
        for f in fields
    ]
    return (
        f"UPDATE {_t.story} SET {sets} WHERE {quote(Story._meta.pk.column)} = %s",
        [*params, story.pk],
    )


# What refresh() reads of a story's members: what choosing the primary item and
# the story's times needs (PRIMARY_KEYS, heads), not the items' JSON fields and
# HTML. Read by plain SQL: building the ORM query with its two joins cost more
# than running it, on every item matched.
MEMBER_FIELDS = (
    "id", "source_id", "guid", "version", "signal", "headline", "body_text",
    "first_created", "published", "updated", "fetched_at",
)  # fmt: skip


def _instance(model: type[M], values: Mapping[str, object]) -> M:
    """A model instance of columns read by plain SQL (by attname), the others
    deferred, as the ORM's ``only()`` makes it: each value through the converters
    the ORM applies (on SQLite: text to aware datetimes, 0/1 to booleans)."""
    names, converting = _reading(model, tuple(values))
    row = [values[name] for name in names]
    for i, col, converters in converting:
        if row[i] is not None:
            for convert in converters:
                row[i] = convert(row[i], col, connection)
    return model.from_db(connection.alias, names, row)


def _reading(
    model: type[models.Model], given: tuple[str, ...]
) -> tuple[list[str], list[tuple[int, object, list]]]:
    """For _instance(): the given attnames in the model's field order (as
    ``from_db`` takes them), and the place, column and converters of each value
    the ORM converts on this connection (the backend's, then the field's own).
    Kept on the connection: the backend's converters are its bound methods."""
    cache = getattr(connection, "_story_reading", None)
    if cache is None:
        cache = {}
        connection._story_reading = cache
    key = (model, given)
    if key not in cache:
        names, converting = [], []
        for field in model._meta.concrete_fields:
            if field.attname not in given:
                continue
            col = field.get_col(model._meta.db_table)
            converters = connection.ops.get_db_converters(col) + col.get_db_converters(
                connection
            )
            if converters:
                converting.append((len(names), col, converters))
            names.append(field.attname)
        cache[key] = (names, converting)
    return cache[key]


def members_of(story_id: int) -> tuple[list[WireItem], set[int]]:
    """The story's items (with their sources' priority and agency), in id order,
    and the ids of the members a version or re-issue supersedes: one statement."""
    return _members([_rows(*_members_query(story_id))])


def _members_query(story_id: int) -> tuple[str, list[object]]:
    return f"{_stored_members()} ORDER BY item.id", [story_id]


def _stored_members() -> str:
    """The members of a story (its id as the parameter), in no order."""
    items, sources = _member_columns()
    return (
        f"SELECT link.supersedes_id, {items}, {sources} FROM {_t.link} link "
        f"JOIN {_t.item} item ON item.id = link.item_id "
        f"JOIN {connection.ops.quote_name(Source._meta.db_table)} source "
        "ON source.id = item.source_id WHERE link.story_id = %s"
    )


def _member_columns() -> tuple[str, str]:
    """The columns of a member's row after ``supersedes_id``: its item's, then
    its source's (_members_query)."""
    quote = connection.ops.quote_name
    return (
        ", ".join(
            f"item.{quote(WireItem._meta.get_field(name).column)}"
            for name in MEMBER_FIELDS
        ),
        ", ".join(
            f"source.{quote(Source._meta.get_field(name).column)}"
            for name in ("priority", "agency")
        ),
    )


def _linked_members_query(link: StoryItem, item: WireItem) -> tuple[str, list[object]]:
    """On PostgreSQL, _insert_query() of ``link`` (to a stored story) and
    _members_query() of its story as one statement: each member's row is headed
    by the new link's id. The INSERT is a data-modifying WITH, whose row the
    rest does not see (one snapshot), so the new member's row is read from its
    item, with the ``supersedes`` of its link and its source's columns as
    parameters (a join there was planned as a scan of every source)."""
    insert, params = _insert_query(link)
    items = _member_columns()[0]
    priority, agency = (
        Source._meta.get_field(name).db_type(connection)
        for name in ("priority", "agency")
    )
    return (
        f"WITH new_link AS ({insert}) SELECT (SELECT id FROM new_link), member.* "
        f"FROM ({_stored_members()} UNION ALL SELECT %s::bigint, {items}, "
        f"%s::{priority}, %s::{agency} FROM {_t.item} item WHERE item.id = %s) "
        "AS member ORDER BY member.id",
        [
            *params,
            link.story_id,
            link.supersedes_id,
            item.source.priority,
            item.source.agency,
            item.pk,
        ],
    )


def _members(found: list[list[tuple]]) -> tuple[list[WireItem] | None, set[int] | None]:
    """members_of() from the rows of _members_query() (``found``: none or one list
    of rows); (None, None) when there are none, for refresh() to read them."""
    if not found:
        return None, None
    rows = found[0]
    members, replaced = [], set()
    sources: dict[int, Source] = {}
    for supersedes_id, *values, source_priority, source_agency in rows:
        if supersedes_id:
            replaced.add(supersedes_id)
        item = _instance(WireItem, dict(zip(MEMBER_FIELDS, values, strict=True)))
        if item.source_id not in sources:
            sources[item.source_id] = _instance(
                Source,
                {
                    "id": item.source_id,
                    "priority": source_priority,
                    "agency": source_agency,
                },
            )
        item.source = sources[item.source_id]
        members.append(item)
    return members, replaced


def refresh(
    story: Story,
    members: list[WireItem] | None = None,
    read: list[WireItem] | None = None,
    replaced: set[int] | None = None,
) -> None:
    """Recompute the primary item, headline and times from the members (unsaved).

    ``members`` saves the query when the caller knows them (a story just created
    holds only its first item, which is then its primary whatever its state);
    ``read`` and ``replaced`` when the caller read them with members_of().
    Otherwise the members and the ids they supersede are read in one query.
    """
    if members is None and read is not None:
        members = read
    elif members is None:
        members, replaced = members_of(story.pk)
    if not members:
        return
    primary = (
        members[0] if len(members) == 1 else primary_item(story, members, replaced)
    )
    story.primary_item = primary
    story.headline = versions.marks(primary.headline).base[:1000]
    story.created_at = min(item_time(m) for m in members)
    story.updated_at = changed_at(members)


def changed_at(members: list[WireItem]) -> datetime:
    """The time of the members' last change: the newest agency time, but a later
    version whose agency time is no later than its previous version's changed when
    it was fetched (an RSS item corrected under the same pubDate). ``members`` in
    id order, as members_of() reads them: a guid's versions come in order."""
    before: dict[tuple[int, str], datetime] = {}
    latest: datetime | None = None
    for m in members:
        key = (m.source_id, m.guid)
        agency = m.updated or item_time(m)
        time = agency
        if key in before and agency <= before[key] and m.fetched_at > before[key]:
            time = m.fetched_at
        before[key] = max(agency, before.get(key, agency))
        latest = time if latest is None else max(latest, time)
    return latest


def flag(story: Story, item: WireItem, marked: versions.Marks) -> str | None:
    """Mark the story for the desk after a correction or a kill (unsaved).

    Returns the change to announce ("correction" or "kill"), or None. A kill of the
    story's only agency is top priority; a kill of one of several agencies is high
    (that agency is no longer credited); a correction asks for a check. The
    priority never drops until the desk clears it.
    """
    agency = item.source.agency
    if item.signal == WireItem.Signal.KILL:
        raise_attention(story, *kill_flag(story, agency))
        return "kill"
    if item.signal == WireItem.Signal.CORRECTION or marked.corrected:
        raise_attention(story, Story.Priority.CHECK, f"{agency} corrected its item")
        return "correction"
    return None


def kill_flag(story: Story, who: str) -> tuple[int, str]:
    """Priority and reason of a kill by ``who``: top when no agency still tells
    the story, high when some do (``who`` is then no longer credited)."""
    still = story.agencies()
    if still:
        return (
            Story.Priority.HIGH,
            f"{who} killed its item; still told by {', '.join(still)}",
        )
    return Story.Priority.TOP, f"{who} killed its item, the story's only source"


def raise_attention(story: Story, priority: int, reason: str) -> None:
    """Ask the desk to look; a reason as urgent or more replaces the one shown."""
    story.needs_attention = True
    if priority >= story.attention_priority:
        story.attention_priority = priority
        story.attention_reason = reason[:200]
