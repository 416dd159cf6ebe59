"""Gaps left after the review of 2026-11-27: a correction after a re-issue, a kill
racing the scheduler, and a lowered kill flag after an editor's merge.

Items are stored as ingest stores them and placed by ``clustering.assign``; the
copy is the demo wire's invented Ghana water loan story (``test_story_versions``).
"""

from __future__ import annotations

import pytest

from tests.test_story_versions import GHANA_A, source, wire
from wiredesk.ingest.wire import Signal
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db

FIXED = GHANA_A[1].replace("1.3 million", "1.4 million")
KILL = ("KILL", "Withdraw this story.")


# -- 1. a correction of an item its re-issue already replaced --------------------------


def test_correction_of_the_original_after_its_reissue_leaves_one_live_head():
    """Meridian re-issues m1 as m2 (UPDATE 1-), then corrects m1: the correction
    is Meridian's latest word, the story's one live copy from it."""
    mer = source("meridian", 10)
    story = assign(wire(mer, "m1", *GHANA_A))
    update = wire(mer, "m2", f"UPDATE 1-{GHANA_A[0]}", GHANA_A[1] + " More.", hours=1)
    assert assign(update) == story
    fixed = wire(mer, "m1", GHANA_A[0], FIXED, signal=Signal.CORRECTION, hours=2)
    assert assign(fixed) == story
    story.refresh_from_db()
    assert StoryItem.objects.get(item=fixed).supersedes_id == update.pk
    assert [h.pk for h in story.heads()] == [fixed.pk]
    assert [i.pk for i in story.live_items()] == [fixed.pk]
    assert story.primary_item_id == fixed.pk
    assert story.agencies() == ["Meridian Agency"]
    assert story.attention_priority == Story.Priority.CHECK
    # A later version of the re-issue replaces the correction in turn.
    again = wire(mer, "m2", f"UPDATE 2-{GHANA_A[0]}", FIXED + " More.", hours=3)
    assert assign(again) == story
    story.refresh_from_db()
    assert [h.pk for h in story.heads()] == [again.pk]
