"""An editor wants back an article an editor's merge withdrew.

The merge set ``merged_into`` (its address redirects to the article kept),
deleted its story and moved its home pins to the kept article, which it flagged
"Merged with" it. "Publish now" on it used to clear ``merged_into`` only: the
article went live with no story, the kept article kept its flag and its pins,
and a later split of its items drafted a second article for the same copy. So
the desk refuses to publish or schedule it and says how to bring it back: split
its agency items out of the kept article's story in the story admin, which
undoes the merge whole (test_story_unmerge).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_desk_fixtures import make_user
from tests.test_desk_views import edit_data
from tests.test_story_merge_articles import commit, published_pair  # noqa: F401
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog
from wiredesk.stories import editing
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db


def merged_pair(run, user, commit) -> tuple[Article, Article, list[int]]:  # noqa: F811
    """Two published articles merged by ``user``: (withdrawn, kept, the withdrawn
    article's agency items)."""
    older, newer = published_pair(run)
    items = list(
        StoryItem.objects.filter(story_id=older.story_id).values_list(
            "item_id", flat=True
        )
    )
    commit(
        editing.merge,
        Story.objects.filter(pk__in=[older.story_id, newer.story_id]),
        user=user,
    )
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.merged_into_id == newer.pk
    return older, newer, items


def how_to(withdrawn: Article, kept: Article) -> str:
    return (
        f"Article {withdrawn.pk} was merged into article {kept.pk}: to publish it "
        f"again, split its agency items out of story {kept.story_id} in the story "
        "admin, which gives it back its story, home pins and state."
    )


def test_publish_now_is_refused_and_says_how_to_undo_the_merge(
    run,
    client,
    django_user_model,
    commit,  # noqa: F811
):
    editor = make_user(django_user_model, "eddie", "editor")
    withdrawn, kept, _ = merged_pair(run, editor, commit)
    flag = kept.attention_reason
    url = withdrawn.get_absolute_url()
    assert client.get(url).status_code == 301

    client.force_login(editor)
    edit = reverse("desk:edit", args=[withdrawn.pk])
    page = client.get(edit).content.decode()
    assert how_to(withdrawn, kept) in page
    assert 'value="publish"' not in page and 'value="schedule"' not in page

    response = client.post(
        reverse("desk:action", args=[withdrawn.pk]), {"action": "publish"}, follow=True
    )
    assert how_to(withdrawn, kept) in [str(m) for m in response.context["messages"]]
    withdrawn.refresh_from_db()
    kept.refresh_from_db()
    assert (withdrawn.status, withdrawn.live) == (Article.Status.UNPUBLISHED, False)
    assert withdrawn.merged_into_id == kept.pk
    assert kept.attention_reason == flag
    assert (
        AuditLog.objects.filter(action="publish", target_id=withdrawn.pk).count() == 1
    )
    client.logout()
    assert client.get(url).status_code == 301  # still the kept article's


def test_publishing_from_the_edit_form_saves_nothing(
    run,
    client,
    django_user_model,
    commit,  # noqa: F811
):
    """The edit form's step is checked before its save: the refusal is on the
    page, and the headline typed is not saved."""
    editor = make_user(django_user_model, "eddie", "editor")
    withdrawn, kept, _ = merged_pair(run, editor, commit)
    client.force_login(editor)
    data = edit_data(withdrawn, headline="A new headline", action="publish")
    response = client.post(reverse("desk:edit", args=[withdrawn.pk]), data)
    assert response.status_code == 400
    assert how_to(withdrawn, kept) in response.content.decode()
    withdrawn.refresh_from_db()
    assert withdrawn.headline != "A new headline" and not withdrawn.live


def test_it_cannot_be_scheduled_either(run, django_user_model, commit):  # noqa: F811
    editor = make_user(django_user_model, "eddie", "editor")
    withdrawn, kept, _ = merged_pair(run, editor, commit)
    withdrawn.go_live_at = timezone.now() + timedelta(hours=1)
    withdrawn.save()
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.transition(withdrawn, "schedule", editor)
    assert str(refused.value) == how_to(withdrawn, kept)
    assert workflow.run_schedule(now=timezone.now() + timedelta(hours=2)) == (0, 0)
    withdrawn.refresh_from_db()
    assert withdrawn.merged_into_id == kept.pk and not withdrawn.live


def test_the_split_it_points_to_brings_it_back_whole(
    run,
    client,
    django_user_model,
    commit,  # noqa: F811
):
    """Split back out, it is live at its address for its own story, the kept
    article's flag is down, no second article is drafted; unpublished later, its
    address answers 410 (gone), not a redirect to the article kept."""
    editor = make_user(django_user_model, "eddie", "editor")
    withdrawn, kept, items = merged_pair(run, editor, commit)
    url = withdrawn.get_absolute_url()
    with pytest.raises(workflow.TransitionError):
        workflow.transition(withdrawn, "publish", editor)

    new = commit(editing.split, Story.objects.get(pk=kept.story_id), items, user=editor)

    withdrawn.refresh_from_db()
    kept.refresh_from_db()
    assert (withdrawn.story_id, withdrawn.merged_into_id) == (new.pk, None)
    assert (withdrawn.status, withdrawn.live) == (Article.Status.PUBLISHED, True)
    assert not kept.attention_reason.startswith("Merged with")
    assert Article.objects.filter(story_id=new.pk).count() == 1
    assert client.get(url).status_code == 200
    workflow.transition(withdrawn, "unpublish", editor)
    assert client.get(url).status_code == 410


def test_publishing_an_article_never_merged_changes_no_entry(run):
    """The usual publish entry: no note, no merge link in its states."""
    _, newer = published_pair(run)
    entry = AuditLog.objects.get(action="publish", target_id=newer.pk)
    assert entry.note == ""
    assert "merged_into" not in entry.before and "merged_into" not in entry.after
