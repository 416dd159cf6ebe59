"""A mistaken merge can be undone (a reviewer's walk-through of the story admin).

A merge keeps the article whose story holds the merged story's primary item, so
the address the editor is told is kept goes on showing its copy; splitting the
items a merge brought in back out gives the withdrawn article back to them, at
its old address, instead of drafting a new one. Stories and articles are set up
as in test_story_merge_articles: items placed with ``clustering.assign``, the
desk and drafting reacting at commit.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import test_story_merge_articles as merging
from tests.test_story_editing import split_url
from tests.test_story_merge_articles import (
    merge_in_admin,
    published_pair,
    two_stories,
)
from tests.test_story_versions import GHANA_A, GHANA_B, OTHER, source, wire
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog, HomePin
from wiredesk.ingest.wire import Signal
from wiredesk.stories import editing
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db
commit = merging.commit  # the fixture: an editor's action with its reactions


def split_in_admin(client, story: Story, items, capture) -> tuple[Story, list[str]]:
    """The editor (logged in by merge_in_admin) ticks ``items`` on the split page."""
    with capture(execute=True):
        response = client.post(
            split_url(story), {"items": [i.pk for i in items]}, follow=True
        )
    assert response.status_code == 200
    new = Story.objects.exclude(pk=story.pk).latest("pk")
    return new, [str(m) for m in response.context["messages"]]


def items_of(article: Article) -> list:
    return [link.item for link in StoryItem.objects.filter(story=article.story)]


def shows(client, url: str, headline: str) -> None:
    """The address serves the article itself (no redirect), with ``headline``."""
    response = client.get(url)
    assert response.status_code == 200
    assert headline in response.content.decode()


def test_the_kept_article_is_the_one_whose_story_the_merged_story_is_told_from(
    run, client, django_user_model, django_capture_on_commit_callbacks
):
    """The older story's article was published first, but Meridian (the desk's
    preferred agency) gives the merged story its primary item: Meridian's article
    is kept, so the message names the article whose address goes on showing the
    copy it showed, and the other's address redirects to it."""
    older, newer = published_pair(run)  # newer published first, older later
    # The older story's article published first this time.
    first = timezone.now() - timedelta(days=1)
    Article.objects.filter(pk=older.pk).update(first_published_at=first)
    headline = newer.headline
    old_url = older.get_absolute_url()

    _, shown = merge_in_admin(
        client,
        django_user_model,
        [older.story, newer.story],
        django_capture_on_commit_callbacks,
    )

    newer.refresh_from_db()
    older.refresh_from_db()
    assert older.merged_into_id == newer.pk
    assert f"in favour of article {newer.pk} “{headline}”" in shown[0]
    assert newer.headline == headline  # redrafted from its own story's copy
    client.logout()
    shows(client, newer.get_absolute_url(), headline)
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (
        301,
        newer.get_absolute_url(),
    )


def test_splitting_out_what_a_merge_brought_in_undoes_the_merge(
    run, client, django_user_model, django_capture_on_commit_callbacks
):
    """The reviewer's case: merged, then the absorbed story's item split back out.
    The withdrawn article comes back for it at its old address, published, with
    its own copy and its home pin; no article is drafted; the kept article's
    "Merged with" flag goes, and both addresses serve their own story."""
    older, newer = published_pair(run)
    old_url, old_headline = older.get_absolute_url(), older.headline
    first_published = older.first_published_at
    coastal = items_of(older)
    HomePin.objects.create(article=older, edition=None, position=0)
    user, _ = merge_in_admin(
        client,
        django_user_model,
        [older.story, newer.story],
        django_capture_on_commit_callbacks,
    )
    newer.refresh_from_db()
    assert newer.attention_reason.startswith("Merged with")
    assert list(HomePin.objects.values_list("article_id", flat=True)) == [newer.pk]
    page = client.get(split_url(newer.story)).content.decode()
    assert f"was merged with\narticle {older.pk} “{old_headline}”" in page

    new, shown = split_in_admin(
        client, newer.story, coastal, django_capture_on_commit_callbacks
    )

    older.refresh_from_db()
    newer.refresh_from_db()
    assert Article.objects.count() == 2  # none drafted for the split-off story
    assert older.story_id == new.pk and older.merged_into_id is None
    assert (older.status, older.live) == (Article.Status.PUBLISHED, True)
    assert older.first_published_at == first_published
    assert (older.headline, older.get_absolute_url()) == (old_headline, old_url)
    assert older.agencies == ["Coastal Agency"]
    assert newer.agencies == ["Meridian Agency"]
    # The editor's home pin, moved by the merge, is back on the article it was for.
    assert list(HomePin.objects.values_list("article_id", flat=True)) == [older.pk]
    assert not newer.attention_reason.startswith("Merged with")
    assert f"with article {older.pk} (the merge undone)" in newer.attention_reason
    entry = AuditLog.objects.get(action="unmerged", target_id=older.pk)
    assert entry.user == user
    assert entry.before["merged_into"] == newer.pk
    assert entry.after["merged_into"] is None
    assert f"split out to story {new.pk} by eddie; published again" in entry.note
    assert (
        f"The merge is undone: article {older.pk} “{old_headline}” ({old_url}) "
        f"tells story {new.pk} again."
    ) in shown[0]

    client.logout()
    shows(client, old_url, old_headline)
    shows(client, newer.get_absolute_url(), newer.headline)
    for article in (older, newer):  # the short address leads to its own article
        response = client.get(f"/news/{article.pk}/")
        assert response["Location"] == article.get_absolute_url()


def test_a_live_article_kept_without_the_primary_leaves_with_its_own_items(
    run, commit, django_user_model
):
    """Coastal's article is live, Meridian's (the primary's) only in review: the
    live one is kept, and shows Meridian's copy while merged. Splitting Coastal's
    item out takes the kept article with it (its address shows its own copy
    again), and Meridian's story gets its withdrawn article back, in review."""
    older, newer = two_stories(run)
    workflow.transition(older, "publish", None)
    workflow.transition(newer, "submit", None)
    older.refresh_from_db()
    old_url, old_headline = older.get_absolute_url(), older.headline
    coastal, meridian = items_of(older), items_of(newer)
    user = django_user_model.objects.create_user("eddie")
    merged = commit(
        editing.merge,
        Story.objects.filter(pk__in=[older.story_id, newer.story_id]),
        user=user,
    )
    assert merged.article == older
    older.refresh_from_db()
    assert older.agencies[0] == "Meridian Agency"  # told from the primary's copy

    story = merged.story
    new = commit(editing.split, story, [i.pk for i in coastal], user=user)

    older.refresh_from_db()
    newer.refresh_from_db()
    assert Article.objects.count() == 2
    assert older.story_id == new.pk
    assert (older.status, older.live) == (Article.Status.PUBLISHED, True)
    assert (older.headline, older.get_absolute_url()) == (old_headline, old_url)
    assert newer.story_id == story.pk and newer.merged_into_id is None
    assert newer.status == Article.Status.IN_REVIEW
    assert [link.item for link in StoryItem.objects.filter(story=story)] == meridian
    assert not older.attention_reason.startswith("Merged with")
    assert AuditLog.objects.filter(action="unmerged", target_id=older.pk).exists()
    assert AuditLog.objects.filter(action="unmerged", target_id=newer.pk).exists()


def test_a_partial_split_gives_the_article_to_the_story_holding_most_of_its_copy(
    run, commit
):
    """Meridian's and Northwind's Ghana story (one article) merged into Coastal's
    (the preferred agency here, so kept); Northwind's item alone split out: the
    new story holds only copy of the withdrawn article's story, so that article
    comes back for it; Meridian's copy stays told by the kept article."""
    coastal_story = run(wire(source("coastal", 5), "c1", *OTHER))
    ghana = run(wire(source("meridian", 10), "m1", *GHANA_A, hours=1))
    assert run(wire(source("northwind", 20), "n1", *GHANA_B, hours=2)) == ghana
    kept = Article.objects.get(story=coastal_story)
    gone = Article.objects.get(story=ghana)
    workflow.transition(kept, "publish", None)
    workflow.transition(gone, "publish", None)
    northwind = [i for i in items_of(gone) if i.source.slug == "northwind"]
    merged = commit(
        editing.merge, Story.objects.filter(pk__in=[coastal_story.pk, ghana.pk])
    )
    assert merged.article == kept

    new = commit(editing.split, merged.story, [i.pk for i in northwind])

    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.story_id == new.pk and gone.merged_into_id is None
    assert (gone.status, gone.live) == (Article.Status.PUBLISHED, True)
    assert gone.agencies == ["Northwind Agency"]
    assert kept.story_id == merged.story.pk
    assert kept.agencies == ["Coastal Agency", "Meridian Agency"]
    assert not kept.attention_reason.startswith("Merged with")
    assert Article.objects.count() == 2


def test_splitting_out_items_no_merge_brought_in_drafts_a_new_article(run, commit):
    """Two stories merged, then a third agency's item joins; splitting only that
    item out is an ordinary split: a new draft for it, the withdrawn article
    stays withdrawn and the kept one stays flagged as merged with it."""
    older, newer = published_pair(run)
    merged = commit(
        editing.merge, Story.objects.filter(pk__in=[older.story_id, newer.story_id])
    )
    later = run(wire(source("northwind", 20), "n1", *GHANA_B, hours=4))
    assert later == merged.story
    links = StoryItem.objects.filter(story=later, item__source__slug="northwind")
    northwind = list(links.values_list("item_id", flat=True))

    new = commit(editing.split, later, northwind)

    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.merged_into_id == newer.pk and older.story_id is None
    fresh = Article.objects.get(story=new)
    assert fresh.pk not in {older.pk, newer.pk}
    assert newer.attention_reason.startswith("Merged with")


def test_a_split_of_a_story_killed_since_brings_its_article_back_down(
    run, commit, client
):
    """The withdrawn article's agency killed its item after the merge: split back
    out, the article is linked to its story again but not published (the story
    is flagged top), and its address no longer redirects: it is gone."""
    older, newer = published_pair(run)
    old_url = older.get_absolute_url()
    merged = commit(
        editing.merge, Story.objects.filter(pk__in=[older.story_id, newer.story_id])
    )
    run(wire(source("coastal"), "c1", *OTHER, signal=Signal.KILL, hours=5))
    links = StoryItem.objects.filter(story=merged.story, item__source__slug="coastal")
    assert {link.item.signal for link in links} >= {Signal.KILL}
    new = commit(
        editing.split, merged.story, list(links.values_list("item_id", flat=True))
    )

    older.refresh_from_db()
    assert older.story_id == new.pk and older.merged_into_id is None
    assert not older.live
    assert older.attention == Story.Priority.TOP
    assert client.get(old_url).status_code == 410


def test_a_scheduled_article_split_back_out_is_scheduled_again(run, commit):
    """Withdrawn by the merge, a scheduled article never went live; split back out
    before its go-live time, it is scheduled again and the scheduler publishes it
    then, at its own address."""
    older, newer = two_stories(run)
    go_live = timezone.now() + timedelta(hours=1)
    older.go_live_at = go_live
    older.save()
    workflow.transition(older, "schedule", None)
    workflow.transition(newer, "publish", None)
    coastal = items_of(older)
    merged = commit(
        editing.merge, Story.objects.filter(pk__in=[older.story_id, newer.story_id])
    )
    assert merged.article == newer

    new = commit(editing.split, merged.story, [i.pk for i in coastal])

    older.refresh_from_db()
    assert (older.story_id, older.status) == (new.pk, Article.Status.SCHEDULED)
    assert workflow.run_schedule(now=go_live + timedelta(minutes=1)) == (1, 0)
    older.refresh_from_db()
    assert (older.status, older.live) == (Article.Status.PUBLISHED, True)
