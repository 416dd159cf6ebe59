"""Term counts: each agency item counted once, a version never.

On PostgreSQL ``clustering.assign`` counts a first version's terms with its first
lookups, before it knows where the item goes (one round trip less), and takes the
counts back when the item turns out to be a version or already placed.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.test_story_versions import GHANA_A, GHANA_B, source, wire
from wiredesk.ingest.models import WireItem
from wiredesk.stories import clustering, similarity
from wiredesk.stories.models import StoryItem, TermStat


@pytest.fixture
def quiet_tasks(settings):
    """Later stages (drafting) are not what these tests look at."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


def expected_counts(items: list[WireItem]) -> Counter:
    """What counting each item's terms once (and the items) makes TermStat."""
    counts: Counter = Counter()
    for item in items:
        counts.update(
            clustering.term_keys(similarity.terms(item.headline, item.body_text))
        )
    return counts


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_agency_item_is_counted_once_and_a_version_not_at_all(
    quiet_tasks, monkeypatch
):
    taken_back: list[int] = []
    uncount = clustering._uncount

    def spying(counted):
        taken_back.append(len(counted))
        return uncount(counted)

    monkeypatch.setattr(clustering, "_uncount", spying)
    first = wire(source("alpha"), "a-1", *GHANA_A)
    story = clustering.assign(first)
    second = wire(source("beta"), "b-1", *GHANA_B, hours=1)
    assert clustering.assign(second) == story
    # The same guid again: a later version, joined but not counted.
    later = wire(source("alpha"), "a-1", GHANA_A[0], GHANA_A[1] + " More.", hours=2)
    assert clustering.assign(later) == story
    # A first version under a new guid with the text of alpha's item: counted
    # with the first lookups (on PostgreSQL), then found to be a version of it
    # by its text, and taken back.
    again = wire(source("alpha"), "a-2", GHANA_A[0], GHANA_A[1] + " More.", hours=3)
    assert again.version == 1
    assert clustering.assign(again) == story
    # Run again for an item already placed: nothing counted twice.
    assert clustering.assign(second) == story
    roles = dict(StoryItem.objects.values_list("item_id", "role"))
    assert roles[later.pk] == roles[again.pk] == StoryItem.Role.VERSION
    stored = dict(TermStat.objects.values_list("term", "items"))
    assert stored == dict(expected_counts([first, second]))
    assert stored[TermStat.ALL] == 2
    # On PostgreSQL the counts of "again" and of "second" run again were sent
    # ahead and taken back: the path this test is about ran.
    if clustering._pipelines():
        assert len(taken_back) == 2 and min(taken_back) > 0, taken_back
