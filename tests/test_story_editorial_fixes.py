"""What the desk sees after kills, editors' merges and splits, refine and the admin.

Items are stored as ingest stores them and placed with ``clustering.assign``; the
copy is the demo wire's invented Ghana water loan story and its look-alike. The
desk and drafting run with the immediate task backend, as the callbacks fire.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_story_versions import GHANA_A, GHANA_B, OTHER, source, wire
from wiredesk.desk import service, workflow
from wiredesk.desk.models import Article, AuditLog
from wiredesk.drafting.models import Draft
from wiredesk.ingest.models import Source
from wiredesk.ingest.wire import Signal
from wiredesk.stories import editing
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import Story, StoryItem, StorySeparation
from wiredesk.stories.refine import refine

pytestmark = pytest.mark.django_db

KILL = ("KILL", "Withdraw this story.")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run an editor's action with the reactions it announces."""

    def call(action, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args)

    return call


def scheduled_article(run) -> Article:
    story = run(wire(source("meridian", 10), "m1", *GHANA_A))
    article = Article.objects.get(story=story)
    article.go_live_at = timezone.now() + timedelta(hours=1)
    article.save()
    return workflow.transition(article, "schedule", None)


# -- 1. a scheduled article of a killed story ------------------------------------------


def test_kill_unpublishes_a_scheduled_article_under_the_unpublish_policy(run, settings):
    settings.KILL_POLICY = "unpublish"
    article = scheduled_article(run)
    run(wire(source("meridian"), "m1", *KILL, signal=Signal.KILL, hours=1))
    article.refresh_from_db()
    assert (article.status, article.live) == (Article.Status.UNPUBLISHED, False)
    assert article.attention == Story.Priority.TOP
    assert workflow.run_schedule(now=timezone.now() + timedelta(hours=2)) == (0, 0)
    article.refresh_from_db()
    assert not article.live


def test_scheduled_article_of_a_killed_story_is_held_and_says_why(run, settings):
    settings.KILL_POLICY = "flag"
    article = scheduled_article(run)
    run(wire(source("meridian"), "m1", *KILL, signal=Signal.KILL, hours=1))
    later = timezone.now() + timedelta(hours=2)
    assert workflow.run_schedule(now=later) == (0, 0)
    assert workflow.run_schedule(now=later) == (0, 0)  # the next run: no new entry
    article.refresh_from_db()
    assert (article.status, article.live) == (Article.Status.SCHEDULED, False)
    assert article.attention == Story.Priority.TOP
    assert article.attention_reason == (
        "Not published at its go-live time: "
        "Meridian Agency killed its item, the story's only source"
    )
    held = AuditLog.objects.filter(action="schedule-held", target_id=article.pk)
    assert held.count() == 1
    # The editor who looked may still publish it by hand.
    published = workflow.transition(article, "publish", None)
    assert published.live


def test_a_scheduled_article_of_a_live_story_still_goes_live(run):
    article = scheduled_article(run)
    assert workflow.run_schedule(now=timezone.now() + timedelta(hours=2)) == (1, 0)
    article.refresh_from_db()
    assert article.live


# -- 2. a split leaving or taking a killed item ----------------------------------------


def two_agencies(run) -> tuple[Story, object, object]:
    """Meridian (which publishes without review) and Northwind tell one story."""
    meridian = source("meridian", 10)
    Source.objects.filter(pk=meridian.pk).update(auto_publish=True)
    m1 = wire(Source.objects.get(pk=meridian.pk), "m1", *GHANA_A)
    story = run(m1)
    n1 = wire(source("northwind", 20), "n1", *GHANA_B, hours=1)
    assert run(n1) == story
    return story, m1, n1


def test_a_killed_item_split_off_is_flagged_and_never_auto_published(run, commit):
    story, m1, _ = two_agencies(run)
    run(wire(source("meridian"), "m1", *KILL, signal=Signal.KILL, hours=2))
    # The editor decides Meridian's (killed) item told another story.
    new = commit(editing.split, story, [m1.pk])
    new.refresh_from_db()
    assert new.agencies() == []
    assert new.attention_priority == Story.Priority.TOP
    assert (
        new.attention_reason
        == "Meridian Agency killed its item, the story's only source"
    )
    article = Article.objects.get(story=new)
    assert (article.status, article.live) == (Article.Status.DRAFT, False)
    assert article.attention == Story.Priority.TOP
    assert article.attention_reason == new.attention_reason


def test_a_story_no_agency_tells_is_not_auto_published_even_unflagged(run, commit):
    story, m1, _ = two_agencies(run)
    run(wire(source("meridian"), "m1", *KILL, signal=Signal.KILL, hours=2))
    new = commit(editing.split, story, [m1.pk])
    # The editor took the flag down; the story still holds only Meridian's kill.
    Story.objects.filter(pk=new.pk).update(needs_attention=False, attention_priority=0)
    draft = Draft.objects.select_related("story").get(story=new)
    assert draft.agencies == []
    article = service.apply_draft(draft)
    article.refresh_from_db()
    assert (article.status, article.live) == (Article.Status.DRAFT, False)


def test_splitting_the_live_copy_away_takes_down_the_killed_story(
    run, commit, settings
):
    settings.KILL_POLICY = "unpublish"
    story, m1, _ = two_agencies(run)
    article = Article.objects.get(story=story)
    assert article.live  # Meridian's copy is published without review
    run(wire(source("northwind"), "n1", *KILL, signal=Signal.KILL, hours=2))
    article.refresh_from_db()
    assert article.live and article.attention == Story.Priority.HIGH
    # Meridian's live item is split off: the story keeps only Northwind's kill.
    commit(editing.split, story, [m1.pk])
    story.refresh_from_db()
    assert story.attention_priority == Story.Priority.TOP
    article.refresh_from_db()
    assert (article.status, article.live) == (Article.Status.UNPUBLISHED, False)
    assert article.attention == Story.Priority.TOP


# -- 3. an editor's merge of a story the desk has published ----------------------------


def older_and_published(run) -> tuple[Story, Story, Article]:
    """An older story with a draft, a newer one whose article is published."""
    older = run(wire(source("coastal", 30), "c1", *OTHER))
    newer = run(wire(source("meridian", 10), "m1", *GHANA_A, hours=2))
    assert older != newer
    article = Article.objects.get(story=newer)
    workflow.transition(article, "publish", None)
    return older, newer, article


def test_merge_keeps_the_published_article_with_its_story(run, commit):
    older, newer, article = older_and_published(run)
    merged = commit(editing.merge, Story.objects.filter(pk__in=[older.pk, newer.pk]))
    article.refresh_from_db()
    assert merged.story.pk == newer.pk == article.story_id
    assert article.live
    # One article tells the merged story, crediting both agencies; the older
    # story's untouched draft went with its story.
    assert list(Article.objects.values_list("pk", flat=True)) == [article.pk]
    assert article.agencies == ["Meridian Agency", "Coastal Agency"]


def test_after_a_merge_kills_reach_the_published_article(run, commit, settings):
    settings.KILL_POLICY = "unpublish"
    older, newer, article = older_and_published(run)
    commit(editing.merge, Story.objects.filter(pk__in=[older.pk, newer.pk]))
    for slug, guid in (("meridian", "m1"), ("coastal", "c1")):
        run(wire(source(slug), guid, *KILL, signal=Signal.KILL, hours=3))
    article.refresh_from_db()
    assert (article.status, article.live) == (Article.Status.UNPUBLISHED, False)
    assert article.attention == Story.Priority.TOP


def test_merging_two_stories_the_desk_has_taken_up_withdraws_one_article(run, commit):
    """Once refused ("keep one article, delete the others"), which editors, who
    may not delete articles, could not do: the published article survives, the
    one in review is withdrawn in its favour, kept on the desk."""
    older, newer, article = older_and_published(run)
    submitted = Article.objects.get(story=older)
    workflow.transition(submitted, "submit", None)
    merged = commit(editing.merge, Story.objects.filter(pk__in=[older.pk, newer.pk]))
    assert merged.story.pk == newer.pk == article.story_id
    submitted.refresh_from_db()
    assert submitted.status == Article.Status.UNPUBLISHED
    assert submitted.merged_into_id == article.pk
    assert Article.objects.published().get() == article


# -- 4. the refine job and an editor's merge or split ---------------------------------


def members(story: Story) -> list[int]:
    return sorted(StoryItem.objects.filter(story=story).values_list("item", flat=True))


def story_id_of(item) -> int:
    return StoryItem.objects.get(item=item).story_id


def test_refine_leaves_an_editor_merged_story_as_the_editor_made_it():
    lookalike = assign(wire(source("coastal", 30), "c1", *OTHER))
    ghana = assign(wire(source("northwind", 20), "n1", *GHANA_B, hours=1))
    assert assign(wire(source("harbour", 40), "h1", *GHANA_B, hours=2)) == ghana
    # A partner's telling of the look-alike event, in a story of its own (as
    # online matching could leave it).
    p1 = wire(source("partner", 50), "p1", OTHER[0], OTHER[1] + " Officials agreed.")
    own = Story.objects.create(
        headline="-", created_at=p1.first_created, updated_at=p1.first_created
    )
    StoryItem.objects.create(story=own, item=p1, role=StoryItem.Role.SOURCE)
    editing._recompute(own)
    # The editor decides the coastal item belongs with the Ghana story.
    merged = editing.merge(Story.objects.filter(pk__in=[lookalike.pk, ghana.pk])).story
    before = members(merged)
    report = refine()
    assert members(merged) == before
    assert report.moved == 0 and report.protected >= 1
    assert "Coastal Agency" in Story.objects.get(pk=merged.pk).agencies()


def test_refine_never_returns_a_split_item_after_its_reissue_under_a_new_guid():
    lookalike = assign(wire(source("coastal", 30), "c1", *OTHER))
    m1 = wire(source("meridian", 10), "m1", *GHANA_A, hours=1)
    ghana = assign(m1)
    assert assign(wire(source("northwind", 20), "n1", *GHANA_B, hours=2)) == ghana
    assert assign(wire(source("harbour", 40), "h1", *GHANA_B, hours=3)) == ghana
    # The editor: Meridian's item is not this story; it goes with the coastal one.
    alone = editing.split(Story.objects.get(pk=ghana.pk), [m1.pk])
    editing.merge(Story.objects.filter(pk__in=[alone.pk, lookalike.pk]))
    assert story_id_of(m1) == lookalike.pk
    assert StorySeparation.objects.count() == 2
    # Meridian re-issues its item under a new guid: a version of m1, where m1 is.
    m2 = wire(
        source("meridian"),
        "m2",
        f"UPDATE 1-{GHANA_A[0]}",
        GHANA_A[1] + " More.",
        hours=4,
    )
    assert assign(m2).pk == lookalike.pk
    refine()
    assert story_id_of(m1) == story_id_of(m2) == lookalike.pk
    assert "Meridian Agency" not in Story.objects.get(pk=ghana.pk).agencies()


# -- 8. the story admin and a story that moved on meanwhile ----------------------------


def form_data(html: str) -> dict[str, str]:
    """What the browser posts back from the admin's change form, unchanged."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if kind and kind.group(1) == "checkbox":
            if "checked" in tag:
                data[name.group(1)] = "on"
            continue
        data[name.group(1)] = value.group(1) if value else ""
    for name, options in re.findall(
        r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    for name, text in re.findall(
        r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S
    ):
        data[name] = text.strip()
    return data


def test_admin_refuses_to_add_a_story_by_hand(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "", "pw"))
    assert client.get(reverse("admin:stories_story_add")).status_code == 403


def test_admin_save_of_the_flag_keeps_what_matching_changed_meanwhile(
    run, client, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("ed", "", "pw"))
    story = run(wire(source("northwind", 20), "n1", *GHANA_B))
    Story.objects.filter(pk=story.pk).update(
        needs_attention=True, attention_priority=1, attention_reason="Check it"
    )
    url = reverse("admin:stories_story_change", args=[story.pk])
    data = form_data(client.get(url).content.decode())
    # Meanwhile the preferred agency's copy joins: primary, headline, times move.
    assert run(wire(source("meridian", 10), "m1", *GHANA_A, hours=5)) == story
    story.refresh_from_db()
    fresh = (story.primary_item_id, story.headline, story.updated_at)
    data.pop("needs_attention")  # the editor only takes the flag down
    assert client.post(url, {**data, "_save": "Save"}).status_code == 302
    story.refresh_from_db()
    assert (story.primary_item_id, story.headline, story.updated_at) == fresh
    assert story.headline == GHANA_A[0]
    assert not story.needs_attention
