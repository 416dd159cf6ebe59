"""Gaps left after the review of 2026-11-27: a correction after a re-issue, a kill
racing the scheduler, and a lowered kill flag after an editor's merge.

Items are stored as ingest stores them and placed by ``clustering.assign``; the
copy is the demo wire's invented Ghana water loan story (``test_story_versions``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.test_desk_fixtures import make_user
from tests.test_story_editorial_fixes import KILL, scheduled_article
from tests.test_story_versions import GHANA_A, GHANA_B, OTHER, source, wire
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog
from wiredesk.ingest.wire import Signal
from wiredesk.stories import editing
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db

FIXED = GHANA_A[1].replace("1.3 million", "1.4 million")


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


# -- 3. an editor's merge of a story whose kill flag the desk lowered ------------------


def test_merge_keeps_down_a_kill_flag_the_desk_lowered(
    run, settings, django_capture_on_commit_callbacks, django_user_model
):
    """Northwind killed its copy of a story Meridian still tells; the desk looked
    and took the flag down. An editor's merge with another story brings nothing
    new: the flag stays down. A new kill raises it again."""
    settings.KILL_POLICY = "unpublish"
    story = run(wire(source("meridian", 10), "m1", *GHANA_A))
    assert run(wire(source("northwind", 20), "n1", *GHANA_B, hours=1)) == story
    run(wire(source("northwind"), "n1", *KILL, signal=Signal.KILL, hours=2))
    article = Article.objects.get(story=story)
    assert article.attention == Story.Priority.HIGH
    # The desk takes both flags down: the article's and the story's (admin).
    workflow.clear_attention(article, user=make_user(django_user_model, "ed", "editor"))
    Story.objects.filter(pk=story.pk).update(
        needs_attention=False, attention_priority=0, attention_reason=""
    )
    other = run(wire(source("coastal", 30), "c1", *OTHER, hours=3))
    kill_actions = ("agency-kill", "kill-flagged", "kill-unpublished")
    told = AuditLog.objects.filter(action__in=kill_actions).count()
    with django_capture_on_commit_callbacks(execute=True):
        merged = editing.merge(Story.objects.filter(pk__in=[story.pk, other.pk])).story
    merged.refresh_from_db()
    assert (merged.needs_attention, merged.attention_priority) == (False, 0)
    article = Article.objects.get(story=merged)
    assert (article.attention, article.live) == (0, False)
    assert AuditLog.objects.filter(action__in=kill_actions).count() == told
    # Meridian's kill is new: the story is flagged (still told by Coastal).
    run(wire(source("meridian"), "m1", *KILL, signal=Signal.KILL, hours=4))
    merged.refresh_from_db()
    assert merged.needs_attention
    assert merged.attention_priority == Story.Priority.HIGH
    assert merged.attention_reason.startswith("Meridian Agency killed its item")
    article.refresh_from_db()
    assert article.attention == Story.Priority.HIGH


def test_merge_with_a_story_still_told_lowers_a_stale_only_source_flag(run):
    """Northwind killed the only copy of its story: top, which holds the scheduler
    and auto-publishing. Merged by an editor with a story Meridian still tells, it
    is no longer the story's only source: the flag goes down to high, with the
    reason a kill of one of several sources gets, and is not raised anywhere."""
    killed = run(wire(source("northwind", 20), "n1", *GHANA_B))
    run(wire(source("northwind"), "n1", *KILL, signal=Signal.KILL, hours=1))
    killed.refresh_from_db()
    assert killed.attention_priority == Story.Priority.TOP
    told = run(wire(source("meridian", 10), "m1", *OTHER, hours=2))
    assert told != killed
    merged = editing.merge(Story.objects.filter(pk__in=[killed.pk, told.pk])).story
    merged.refresh_from_db()
    assert merged.needs_attention
    assert merged.attention_priority == Story.Priority.HIGH
    assert "killed its item; still told by Meridian" in merged.attention_reason


def test_an_unpublish_landing_after_the_due_query_is_not_overridden(run, monkeypatch):
    """An editor takes a scheduled article back (unpublishes it) after the
    scheduler chose it: the scheduler leaves it unpublished."""
    article = scheduled_article(run)
    transition = workflow.transition

    def editor_first(chosen, action, user, **kwargs):
        if kwargs.get("due"):
            transition(Article.objects.get(pk=article.pk), "unpublish", None)
        return transition(chosen, action, user, **kwargs)

    monkeypatch.setattr(workflow, "transition", editor_first)
    assert workflow.run_schedule(now=timezone.now() + timedelta(hours=2))[0] == 0
    article.refresh_from_db()
    assert (article.status, article.live) == (Article.Status.UNPUBLISHED, False)


def test_a_merge_with_a_story_still_told_lets_its_scheduled_article_go_live(
    run, settings, django_capture_on_commit_callbacks
):
    """Northwind killed the only copy behind a scheduled article (flag policy: the
    article is flagged top and held). Merged with a story Meridian tells, the
    redraft from Meridian's copy replaces its text and its flag drops to high; it
    goes live at its time, as Meridian's story."""
    settings.KILL_POLICY = "flag"
    killed = run(wire(source("northwind", 20), "n1", *GHANA_B))
    article = Article.objects.get(story=killed)
    article.go_live_at = timezone.now() + timedelta(hours=1)
    article.save()
    workflow.transition(article, "schedule", None)
    run(wire(source("northwind"), "n1", *KILL, signal=Signal.KILL, hours=1))
    article.refresh_from_db()
    assert article.attention == Story.Priority.TOP
    told = run(wire(source("meridian", 10), "m1", *OTHER, hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        editing.merge(Story.objects.filter(pk__in=[killed.pk, told.pk]))
    article.refresh_from_db()
    assert article.attention == Story.Priority.HIGH
    assert "still told by Meridian" in article.attention_reason
    workflow.run_schedule(now=timezone.now() + timedelta(hours=2))
    article.refresh_from_db()
    assert (article.status, article.live) == (Article.Status.PUBLISHED, True)
    assert article.agencies == ["Meridian Agency"]
    assert article.headline == Story.objects.get(pk=article.story_id).draft.headline


def test_a_merge_keeps_holding_an_article_whose_text_the_editor_kept(
    run, settings, django_capture_on_commit_callbacks
):
    """As above, but an editor had rewritten the headline and body: the article
    still holds the killed agency's copy, so it stays flagged top and held."""
    settings.KILL_POLICY = "flag"
    killed = run(wire(source("northwind", 20), "n1", *GHANA_B))
    article = Article.objects.get(story=killed)
    article.go_live_at = timezone.now() + timedelta(hours=1)
    article.headline = "Ghana signs water loan, in the desk's words"
    article.overridden_fields = ["headline", "body_html"]
    article.desk_edited = True
    article.save()
    workflow.transition(article, "schedule", None)
    run(wire(source("northwind"), "n1", *KILL, signal=Signal.KILL, hours=1))
    told = run(wire(source("meridian", 10), "m1", *OTHER, hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        editing.merge(Story.objects.filter(pk__in=[killed.pk, told.pk]))
    article.refresh_from_db()
    assert article.attention == Story.Priority.TOP
    workflow.run_schedule(now=timezone.now() + timedelta(hours=2))
    article.refresh_from_db()
    assert not article.live


# -- 4. a merge that brings a kill to copy or to an article ---------------------------


def second_feed(slug: str, agency: str, priority: int = 15):
    """Another feed of an agency (its RSS beside its wire): same agency, own guids."""
    from wiredesk.ingest.models import Source

    return Source.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"{slug} feed",
            "agency": agency,
            "kind": Source.Kind.FILES,
            "enabled": False,
            "priority": priority,
        },
    )[0]


def published(story: Story) -> Article:
    article = Article.objects.get(story=story)
    return workflow.transition(article, "publish", None)


def test_a_merge_bringing_a_cross_feed_kill_flags_the_copy_it_withdraws(
    run, settings, django_capture_on_commit_callbacks, django_user_model
):
    """Meridian's wire killed m1; the desk saw and cleared the flag. Meridian's
    RSS copy of m1 had gone to another story, published. An editor merges the
    two: the kill now withdraws the RSS copy too (one agency's item, whichever
    feed), so the desk sees it, top: the story's only copy is withdrawn."""
    settings.KILL_POLICY = "flag"
    rss = second_feed("meridian-rss", "Meridian Agency")
    killed = run(wire(source("meridian", 10), "m1", *GHANA_A))
    live = run(wire(rss, "m1", *OTHER, hours=1))
    assert live != killed
    article = published(live)
    run(wire(source("meridian"), "m1", *KILL, signal=Signal.KILL, hours=2))
    killed.refresh_from_db()
    assert killed.attention_priority == Story.Priority.TOP
    # The desk looked at the kill and took its flags down.
    ed = make_user(django_user_model, "ed", "editor")
    workflow.clear_attention(Article.objects.get(story=killed), user=ed)
    Story.objects.filter(pk=killed.pk).update(
        needs_attention=False, attention_priority=0, attention_reason=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        merged = editing.merge(Story.objects.filter(pk__in=[killed.pk, live.pk])).story
    assert merged.pk == live.pk  # the published article keeps its story
    merged.refresh_from_db()
    assert merged.live_items() == []
    assert merged.needs_attention
    assert merged.attention_priority == Story.Priority.TOP
    assert merged.attention_reason == (
        "Meridian Agency killed its item, the story's only source"
    )
    article.refresh_from_db()
    assert article.attention == Story.Priority.TOP
    assert article.attention_reason.startswith("Meridian Agency killed its item")
    # Held from the scheduler and auto-publishing from now on.
    assert workflow._withdrawn(article)


def test_a_cross_feed_kill_of_one_of_several_agencies_is_flagged_high(
    run, settings, django_capture_on_commit_callbacks
):
    """As above, with Northwind telling the published story too: the kill takes
    Meridian's credit, flagged high, and Northwind still tells it."""
    settings.KILL_POLICY = "flag"
    rss = second_feed("meridian-rss", "Meridian Agency")
    killed = run(wire(source("meridian", 10), "m1", *OTHER))
    live = run(wire(rss, "m1", *GHANA_A, hours=1))
    assert run(wire(source("northwind", 20), "n1", *GHANA_B, hours=1)) == live
    assert live != killed
    article = published(live)
    run(wire(source("meridian"), "m1", *KILL, signal=Signal.KILL, hours=2))
    Story.objects.filter(pk=killed.pk).update(
        needs_attention=False, attention_priority=0, attention_reason=""
    )
    Article.objects.filter(story=killed).update(attention=0, attention_reason="")
    with django_capture_on_commit_callbacks(execute=True):
        merged = editing.merge(Story.objects.filter(pk__in=[killed.pk, live.pk])).story
    merged.refresh_from_db()
    assert merged.agencies() == ["Northwind Agency"]
    assert merged.attention_priority == Story.Priority.HIGH
    reason = "Meridian Agency killed its item; still told by Northwind Agency"
    assert merged.attention_reason == reason
    article.refresh_from_db()
    assert (article.attention, article.attention_reason) == (
        Story.Priority.HIGH,
        reason,
    )
    assert article.live


def test_a_merge_flags_the_surviving_article_with_the_kill_it_absorbed(
    run, settings, django_capture_on_commit_callbacks
):
    """Northwind killed the only copy of its story (flagged top, not yet seen by
    the desk). An editor merges it into Meridian's published story: the article
    the desk keeps shows the kill, as high (Meridian still tells it), as the
    story does."""
    settings.KILL_POLICY = "flag"
    killed = run(wire(source("northwind", 20), "n1", *GHANA_B))
    run(wire(source("northwind"), "n1", *KILL, signal=Signal.KILL, hours=1))
    told = run(wire(source("meridian", 10), "m1", *OTHER, hours=2))
    article = published(told)
    assert article.attention == 0
    with django_capture_on_commit_callbacks(execute=True):
        merged = editing.merge(Story.objects.filter(pk__in=[killed.pk, told.pk])).story
    assert merged.pk == told.pk
    merged.refresh_from_db()
    reason = "Northwind Agency killed its item; still told by Meridian Agency"
    assert (merged.attention_priority, merged.attention_reason) == (
        Story.Priority.HIGH,
        reason,
    )
    article.refresh_from_db()
    assert (article.attention, article.attention_reason) == (
        Story.Priority.HIGH,
        reason,
    )
    assert article.live
    assert not workflow._withdrawn(article)


def test_a_merge_does_not_flag_the_article_for_a_kill_the_desk_cleared(
    run, settings, django_capture_on_commit_callbacks, django_user_model
):
    """As above, but the desk had looked at the kill and cleared its article's
    flag: the surviving article is not flagged again for it."""
    settings.KILL_POLICY = "flag"
    killed = run(wire(source("northwind", 20), "n1", *GHANA_B))
    run(wire(source("northwind"), "n1", *KILL, signal=Signal.KILL, hours=1))
    ed = make_user(django_user_model, "ed", "editor")
    workflow.clear_attention(Article.objects.get(story=killed), user=ed)
    told = run(wire(source("meridian", 10), "m1", *OTHER, hours=2))
    article = published(told)
    with django_capture_on_commit_callbacks(execute=True):
        editing.merge(Story.objects.filter(pk__in=[killed.pk, told.pk]))
    article.refresh_from_db()
    assert article.attention == 0
