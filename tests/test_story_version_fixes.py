"""Re-issues, kills and corrections that the desk saw wrongly (review of 2026-11-27).

Items are stored as ingest stores them and placed by ``clustering.assign``; the
copy is the demo wire's invented Ghana water loan story (``test_story_versions``).
"""

from __future__ import annotations

import pytest

from tests.test_story_versions import GHANA_A, GHANA_B, source, wire
from wiredesk.desk.models import Article
from wiredesk.ingest.models import Source
from wiredesk.ingest.wire import Signal
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db

FIXED = GHANA_A[1].replace("1.3 million", "1.4 million")
KILL = ("KILL", "Withdraw this story.")


def test_a_correction_days_after_the_story_began_joins_it_and_flags_it():
    """A CORRECTED- re-issue under a new guid 80 hours on (past the 72-hour
    matching window) is a version of the story, which asks the desk to check."""
    assert "1.3 million" in GHANA_A[1]
    mer = source("meridian", 10)
    story = assign(wire(mer, "m1", *GHANA_A))
    late = wire(mer, "m2", f"CORRECTED-{GHANA_A[0]}", FIXED, hours=80)
    assert assign(late) == story
    story.refresh_from_db()
    assert Story.objects.count() == 1
    link = StoryItem.objects.get(item=late)
    assert link.role == StoryItem.Role.VERSION
    assert [h.guid for h in story.heads()] == ["m2"]
    assert story.attention_priority == Story.Priority.CHECK


def test_kill_of_the_original_guid_after_a_reissue_withdraws_the_story():
    """Meridian re-issues m1 as m2 (UPDATE 1-), then kills m1: its only agency
    withdrew the story, which is top priority and credits no one."""
    mer = source("meridian", 10)
    story = assign(wire(mer, "m1", *GHANA_A))
    update = wire(mer, "m2", f"UPDATE 1-{GHANA_A[0]}", GHANA_A[1] + " More.", hours=1)
    assert assign(update) == story
    kill = wire(mer, "m1", *KILL, signal=Signal.KILL, hours=2)
    assert assign(kill) == story
    story.refresh_from_db()
    assert StoryItem.objects.get(item=kill).supersedes_id == update.pk
    assert story.attention_priority == Story.Priority.TOP
    assert story.agencies() == []
    assert story.live_items() == []


def test_kill_in_one_feed_withdraws_the_agencys_copy_in_its_other_feed():
    """Meridian sends m1 on its world and Africa feeds, then kills it on one: the
    story's only agency withdrew it, so it is top priority and credits no one."""
    world = source("meridian-world", 10)
    africa = source("meridian-africa", 10)
    Source.objects.filter(pk__in=[world.pk, africa.pk]).update(agency="Meridian")
    world.refresh_from_db()
    africa.refresh_from_db()
    story = assign(wire(world, "m1", *GHANA_A))
    assert assign(wire(africa, "m1", *GHANA_A)) == story
    kill = wire(world, "m1", *KILL, signal=Signal.KILL, hours=1)
    assert assign(kill) == story
    story.refresh_from_db()
    assert story.attention_priority == Story.Priority.TOP
    assert story.agencies() == []
    assert [h.pk for h in story.heads()] == [kill.pk]


def test_reissue_sharing_a_partners_url_replaces_the_agencys_own_item():
    """A partner links its copy to Meridian's page before Meridian's own item;
    Meridian's UPDATE 1- at the same URL replaces Meridian's item, so a kill of it
    leaves the story told by the partner alone."""
    url = "https://www.meridian-news.example/africa/ghana-water-loan-2026"
    partner = source("partner", 50)
    mer = source("meridian", 10)
    story = assign(wire(partner, "p1", *GHANA_B, url=url))
    first = wire(mer, "m1", *GHANA_A, url=url, hours=1)
    assert assign(first) == story
    update = wire(
        mer, "m2", f"UPDATE 1-{GHANA_A[0]}", GHANA_A[1] + " More.", url=url, hours=2
    )
    assert assign(update) == story
    link = StoryItem.objects.get(item=update)
    assert (link.role, link.supersedes_id) == (StoryItem.Role.VERSION, first.pk)
    story.refresh_from_db()
    assert sorted(h.guid for h in story.heads()) == ["m2", "p1"]
    assign(wire(mer, "m2", *KILL, signal=Signal.KILL, hours=3))
    story.refresh_from_db()
    assert story.agencies() == ["Partner Agency"]
    assert story.attention_priority == Story.Priority.HIGH


def test_a_correction_under_the_same_time_moves_the_articles_updated(
    django_capture_on_commit_callbacks,
):
    """An RSS item corrected under the same pubDate: the published article takes
    the fix and its Updated: time moves on (to when the correction came in)."""
    run = django_capture_on_commit_callbacks
    mer = source("meridian", 10)
    with run(execute=True):
        story = assign(wire(mer, "m1", *GHANA_A))
    article = Article.objects.get(story=story)
    article.publish()
    article.save()
    before = article.updated_at
    corrected = wire(mer, "m1", GHANA_A[0], FIXED, signal=Signal.CORRECTION)
    assert corrected.updated == before  # the agency gave no new time
    with run(execute=True):
        assert assign(corrected) == story
    article.refresh_from_db()
    assert "1.4 million" in article.body_html
    assert article.updated_at == corrected.fetched_at > before


def test_a_correction_days_on_under_a_new_headline_finds_the_story_by_url():
    """80 hours on, past the window where the same URL is an exact key, a marked
    re-issue whose headline changed still finds its item by the agency's URL."""
    url = "https://www.meridian-news.example/africa/ghana-water-loan-2026"
    mer = source("meridian", 10)
    story = assign(wire(mer, "m1", *GHANA_A, url=url))
    late = wire(
        mer,
        "m2",
        "CORRECTED-Ghana signs water loan (fixes amount)",
        FIXED,
        url=url,
        hours=80,
    )
    assert assign(late) == story
    assert StoryItem.objects.get(item=late).role == StoryItem.Role.VERSION
