"""`wiredesk stories rebuild` recounts terms while workers go on matching.

The term counts (TermStat) are recounted into a staging table without the match
lock and stored a range of terms at a time, each range under the lock: items
matched meanwhile, during the count, between the count and the store, or
between two ranges, must each be counted exactly once. Items are stored as
ingest stores them and placed with ``clustering.assign``; the copy is the demo
wire's invented stories.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from tests.test_story_versions import demo_text, source, wire
from wiredesk.demo import content
from wiredesk.stories import rebuild
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import StoryItem, TermStat

pytestmark = pytest.mark.django_db

TEXTS = [demo_text(item.guid) for item in content.ITEMS]


def place(n: int) -> None:
    """Match the demo wire's n-th text, from its own feed."""
    headline, body = TEXTS[n % len(TEXTS)]
    assign(wire(source(f"feed{n}", 10 + n), f"g{n}", headline, body, hours=n / 10))


def from_scratch() -> dict[str, int]:
    """Each term's count as counting every agency item again gives it."""
    counts: Counter = Counter()
    links = StoryItem.objects.filter(role=StoryItem.Role.SOURCE)
    for headline, body in links.values_list("item__headline", "item__body_text"):
        counts.update({term[:64] for term in rebuild.similarity.terms(headline, body)})
        counts[TermStat.ALL] += 1
    return dict(counts)


def stored() -> dict[str, int]:
    return dict(TermStat.objects.values_list("term", "items"))


@pytest.fixture
def small_batches(monkeypatch):
    """Pages of two items, three terms per range, seven terms held in memory: the
    few demo items then take many pages, flushes and ranges."""
    monkeypatch.setattr(rebuild, "CHUNK", 2)
    monkeypatch.setattr(rebuild, "APPLY", 3)
    monkeypatch.setattr(rebuild, "FLUSH", 7)


def test_items_matched_during_a_rebuild_are_counted_once(small_batches):
    """Items matched while terms are counted, after the count, and between the
    ranges stored end up counted once each; stale, wrong and missing counts are
    put right; a second rebuild changes nothing."""
    for n in range(5):
        place(n)
    counts = stored()
    TermStat.objects.filter(term__in=sorted(counts)[::7]).delete()  # missing
    TermStat.objects.filter(term__in=sorted(counts)[3::11]).update(items=40)  # wrong
    TermStat.objects.bulk_create(  # stale: terms no stored item uses
        [TermStat(term=t, items=3) for t in ("aaaa-stale", "mmmm-stale", "zzzz-stale")]
    )
    placed: list[tuple[str, int]] = []

    def worker_meanwhile(phase: str, done: int, total: int) -> None:
        # Called between the rebuild's transactions: a worker matches an item.
        moments = {("terms", 2), ("terms", total), ("apply", 3 * rebuild.APPLY)}
        moments.add(("apply", 30 * rebuild.APPLY))
        if (phase, done) in moments and (phase, done) not in placed:
            placed.append((phase, done))
            place(5 + len(placed))

    report = rebuild.rebuild(worker_meanwhile)
    assert len(placed) == 4, placed  # each moment came, and a worker matched
    assert stored() == from_scratch()
    assert "zzzz-stale" not in stored()
    assert report.terms == len(stored())
    assert rebuild.rebuild().terms_changed == 0
    assert stored() == from_scratch()
    # Matching after the rebuild counts on top of it.
    place(11)
    assert stored() == from_scratch()


def test_a_rebuild_over_right_counts_changes_none(small_batches):
    """Counts kept right by matching are left as they are, range after range."""
    for n in range(6):
        place(n)
    before = stored()
    assert before == from_scratch()
    report = rebuild.rebuild()
    assert report.terms_changed == 0
    assert stored() == before


def test_term_counts_are_held_in_memory_only_up_to_the_flush(
    small_batches, monkeypatch
):
    """Counting stages its terms whenever FLUSH distinct ones are held (checked
    after each item): memory follows FLUSH, not the number of terms in use."""
    monkeypatch.setattr(rebuild, "FLUSH", 50)
    for n in range(8):
        place(n)
    widest = max(len(rebuild._term_keys(*text)) for text in TEXTS) + 1
    held: list[int] = []
    stage = rebuild._stage

    def watched(counts):
        held.append(len(counts))
        return stage(counts)

    monkeypatch.setattr(rebuild, "_stage", watched)
    TermStat.objects.all().delete()
    rebuild.rebuild()
    assert held and max(held) < rebuild.FLUSH + widest
    assert len(stored()) > 2 * (rebuild.FLUSH + widest)
    assert stored() == from_scratch()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_matches_while_term_counts_are_stored(small_batches, settings):
    """A worker (its own connection, committing) matches an item between two
    ranges of the store: it is not held up by the rebuild, and its item is
    counted once."""
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database is in memory: one writer at a time")
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    for n in range(4):
        place(n)
    item = wire(source("worker", 5), "w1", *TEXTS[7], hours=1)
    done_in_time: list[bool] = []

    def worker() -> None:
        try:
            assign(item)
        finally:
            connection.close()

    def meanwhile(phase: str, done: int, total: int) -> None:
        if phase == "apply" and not done_in_time:
            thread = threading.Thread(target=worker)
            thread.start()
            thread.join(timeout=60)
            done_in_time.append(not thread.is_alive())

    rebuild.rebuild(meanwhile)
    assert done_in_time == [True]
    assert StoryItem.objects.filter(item=item).exists()
    assert stored() == from_scratch()
