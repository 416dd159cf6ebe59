"""The refinement job puts right an item placed in a look-alike story too early.

The wrong early decision is made by hand (``place_wrongly``): the item is stored
and folded into the look-alike story with the same row writes ``assign`` makes, as
if online matching had chosen it (online, the item's own story often does not exist
yet; once it has formed, the job must find it). Everything
else is production code: ``assign`` for the other items, ``editing.split`` for an
editor's split, and the job itself as the scheduler's task runs it.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.test_story_versions import GHANA_A, GHANA_B, OTHER, source, wire
from wiredesk import registry
from wiredesk.desk.models import Article
from wiredesk.ingest.models import WireItem
from wiredesk.stories import clustering, editing, similarity, versions
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import Story, StoryItem, StoryTerm
from wiredesk.stories.refine import EVERY, refine

pytestmark = pytest.mark.django_db(transaction=False)


def place_wrongly(item: WireItem, story: Story) -> None:
    """Put ``item`` in ``story`` as an agency item, writing what assign writes."""
    counts = similarity.terms(item.headline, item.body_text)
    stats = clustering.count_terms(counts)
    fp = similarity.weigh(counts, clustering.rarity(counts, stats))
    link = StoryItem.objects.create(
        story=story,
        item=item,
        role=StoryItem.Role.SOURCE,
        score=0.3,
        url_key=versions.url_key(item.url),
        headline_key=versions.headline_key(item.headline),
        minhash=None,
    )
    clustering.fold(story, fp, new_item=True, item=link.item)
    clustering.refresh(story)
    story.save()


def early_mistake() -> tuple[Story, WireItem, WireItem]:
    """The look-alike story holding Meridian's Ghana item, placed there wrongly.

    Northwind and a third agency (Northwind's text, word for word) tell the Ghana
    story, which online matching keeps apart from the look-alike; Meridian's Ghana
    item is then placed in the look-alike, as a wrong online decision would.
    """
    lookalike = assign(wire(source("coastal", 30), "c1", *OTHER))
    later = wire(source("northwind", 20), "n1", *GHANA_B, hours=1)
    ghana = assign(later)
    assert assign(wire(source("harbour", 40), "h1", *GHANA_B, hours=2)) == ghana
    assert ghana != lookalike
    early = wire(source("meridian", 10), "m1", *GHANA_A, hours=3)
    place_wrongly(early, lookalike)
    return lookalike, early, later


def story_of(item: WireItem) -> Story:
    return StoryItem.objects.select_related("story").get(item=item).story


def test_item_in_a_look_alike_story_moves_to_its_own_story():
    """Meridian's Ghana item leaves the look-alike and is credited on Ghana."""
    lookalike, early, later = early_mistake()
    report = refine()
    ghana = story_of(later)
    assert story_of(early) == ghana
    assert report.moved == 1
    assert set(ghana.agencies()) == {
        "Meridian Agency",
        "Northwind Agency",
        "Harbour Agency",
    }
    lookalike.refresh_from_db()
    assert lookalike.agencies() == ["Coastal Agency"]
    # Nothing more to put right: a second run moves nothing.
    assert refine().moved == 0


def test_profiles_and_keys_of_both_stories_follow_the_move():
    """After the move a new Ghana item matches Ghana, a new look-alike item its own."""
    lookalike, early, later = early_mistake()
    refine()
    ghana = story_of(later)
    lookalike.refresh_from_db()
    assert lookalike.fingerprint["items"] == 1
    assert ghana.fingerprint["items"] == 3
    ghana_terms = set(
        StoryTerm.objects.filter(story=ghana).values_list("term", flat=True)
    )
    assert "@ghana" in ghana_terms
    assert "@ghana" not in lookalike.fingerprint["total"]
    again = wire(source("meridian"), "m2", *GHANA_A, hours=5)
    StoryItem.objects.filter(item=early).delete()  # its text: matched afresh
    assert assign(again) == ghana
    other = wire(source("coastal"), "c2", OTHER[0], OTHER[1] + " More.", hours=5)
    assert assign(other) == lookalike


def test_versions_move_with_their_item():
    """A later version of the misplaced item goes with it, still a version."""
    lookalike, early, later = early_mistake()
    update = wire(
        source("meridian"), "m1", GHANA_A[0], GHANA_A[1] + " More.", hours=1.5
    )
    assert update.pk != early.pk and assign(update) == lookalike
    refine()
    ghana = story_of(later)
    assert story_of(early) == story_of(update) == ghana
    link = StoryItem.objects.get(item=update)
    assert link.role == StoryItem.Role.VERSION and link.supersedes_id == early.pk
    assert ghana.primary_item_id != early.pk  # the replaced version never leads


def test_never_moves_an_item_into_a_story_it_was_split_from():
    """An editor split Meridian's item from Ghana: the job leaves it where it is."""
    lookalike, early, later = early_mistake()
    refine()
    ghana = story_of(later)
    alone = editing.split(ghana, [early.pk])
    # The wrong place again, then the job: Ghana is out of bounds for the item.
    StoryItem.objects.filter(item=early).update(story=lookalike)
    editing._recompute(lookalike)
    Story.objects.filter(pk=alone.pk).delete()
    report = refine()
    assert story_of(early) != ghana
    assert report.moved == 0


@pytest.mark.parametrize("status", ["published", "in_review"])
def test_stories_the_desk_has_taken_up_are_left_alone(status):
    """A published look-alike keeps the item; the job counts it as protected."""
    lookalike, early, _ = early_mistake()
    Article.objects.create(story=lookalike, headline="Look-alike", status=status)
    report = refine()
    assert story_of(early) == lookalike
    assert report.protected >= 1 and report.moved == 0


def test_job_is_off_unless_the_setting_turns_it_on(settings):
    """Off by default: the scheduler's run leaves an early mistake as it is."""
    job = registry.periodic_jobs.get("stories-refine")
    _, early, later = early_mistake()
    job.run()
    assert story_of(early) != story_of(later)


def test_job_is_registered_and_its_task_runs_over_recent_changes(settings):
    """The scheduler finds the job; its task refines what changed lately."""
    settings.STORY_REFINE = True
    job = registry.periodic_jobs.get("stories-refine")
    assert job.every == EVERY
    _, early, later = early_mistake()
    job.run()  # tests run tasks at once (ImmediateBackend)
    assert story_of(early) == story_of(later)
    # Nothing changed since: a run limited to the last periods finds nothing.
    assert refine(timezone.now() + timedelta(seconds=1)).stories == 0


@pytest.mark.parametrize("flag", ["--no-refine", "--refine"])
def test_eval_runs_with_and_without_the_job_and_keeps_its_keys(
    tmp_path, django_db_blocker, flag
):
    """Both ways the eval prints the contract's figures and nothing more."""
    from tests.test_story_eval import _eval, _write_set

    articles, pairs = _write_set(tmp_path)
    figures = json.loads(_eval(django_db_blocker, articles, pairs, "--json", flag))
    assert set(figures) == {
        "articles", "pairs", "precision", "recall", "f1",
        "bcubed_precision", "bcubed_recall", "bcubed_f1",
    }  # fmt: skip
    assert figures["articles"] == 6


def test_a_story_with_an_article_is_never_emptied():
    """Both items of a story fit other stories better, but its draft article must
    keep a story: one item stays, the other moves."""
    other = assign(wire(source("coastal", 30), "c1", *OTHER))
    assert assign(wire(source("coastal2", 31), "c2", *OTHER, hours=1)) == other
    ghana = assign(wire(source("northwind", 20), "n1", *GHANA_B, hours=1))
    assert assign(wire(source("harbour", 40), "h1", *GHANA_B, hours=2)) == ghana
    when = timezone.now() + timedelta(hours=3)
    mixed = Story.objects.create(headline="mixed", created_at=when, updated_at=when)
    place_wrongly(wire(source("meridian", 10), "m1", *GHANA_A, hours=3), mixed)
    place_wrongly(wire(source("coastal3", 32), "c3", *OTHER, hours=3), mixed)
    article = Article.objects.filter(story=mixed).first() or Article.objects.create(
        story=mixed, headline="Draft of the mixed story"
    )
    refine()
    article.refresh_from_db()
    assert article.story_id == mixed.pk
    assert StoryItem.objects.filter(story=mixed).count() == 1


def test_a_tag_an_editor_set_keeps_the_story_as_it_is():
    """A draft whose country an editor chose is the desk's: the job moves nothing."""
    lookalike, early, later = early_mistake()
    article = Article.objects.filter(story=lookalike).first() or Article(
        story=lookalike, headline="Draft"
    )
    article.overridden_fields = ["country"]
    article.save()
    report = refine()
    assert story_of(early) == lookalike and story_of(later) != lookalike
    assert report.protected >= 1
