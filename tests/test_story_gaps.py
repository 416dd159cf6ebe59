"""Gaps left after the review of 2026-11-27: a correction after a re-issue, a kill
racing the scheduler, and a lowered kill flag after an editor's merge.

Items are stored as ingest stores them and placed by ``clustering.assign``; the
copy is the demo wire's invented Ghana water loan story (``test_story_versions``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.test_story_editorial_fixes import scheduled_article
from tests.test_story_versions import GHANA_A, source, wire
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog
from wiredesk.ingest.wire import Signal
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db

FIXED = GHANA_A[1].replace("1.3 million", "1.4 million")
KILL = ("KILL", "Withdraw this story.")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Place an item, with the desk's and drafting's reactions run at commit."""

    def place(item):
        with django_capture_on_commit_callbacks(execute=True):
            return assign(item)

    return place


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


# -- 2. a kill landing while the scheduler publishes -----------------------------------


def test_a_kill_landing_after_the_due_query_holds_the_article(
    run, settings, monkeypatch
):
    """The scheduler has chosen the article to publish when Meridian's kill
    lands (KILL_POLICY=flag): the article is held as if the kill came first."""
    settings.KILL_POLICY = "flag"
    article = scheduled_article(run)
    publish = workflow.transition

    def kill_first(*args, **kwargs):
        # Called by the scheduler for the article it found due: the kill lands
        # now, between that query and the publish.
        run(wire(source("meridian"), "m1", *KILL, signal=Signal.KILL, hours=1))
        return publish(*args, **kwargs)

    monkeypatch.setattr(workflow, "transition", kill_first)
    assert workflow.run_schedule(now=timezone.now() + timedelta(hours=2)) == (0, 0)
    article.refresh_from_db()
    assert (article.status, article.live) == (Article.Status.SCHEDULED, False)
    assert article.attention == Story.Priority.TOP
    assert article.attention_reason.startswith(workflow.HELD)
    held = AuditLog.objects.filter(action="schedule-held", target_id=article.pk)
    assert held.count() == 1
    assert not AuditLog.objects.filter(action="publish", target_id=article.pk)


def test_a_go_live_time_moved_later_meanwhile_keeps_the_article_scheduled(
    run, monkeypatch
):
    """An editor moves the embargo on while the scheduler is publishing: the
    article waits for its new time."""
    article = scheduled_article(run)
    later = timezone.now() + timedelta(hours=5)
    publish = workflow.transition

    def move_first(*args, **kwargs):
        Article.objects.filter(pk=article.pk).update(go_live_at=later)
        return publish(*args, **kwargs)

    monkeypatch.setattr(workflow, "transition", move_first)
    assert workflow.run_schedule(now=timezone.now() + timedelta(hours=2)) == (0, 0)
    article.refresh_from_db()
    assert (article.status, article.live) == (Article.Status.SCHEDULED, False)
    assert article.go_live_at == later
