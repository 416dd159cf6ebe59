"""An editor publishes again an article an editor's merge withdrew.

The merge set ``merged_into`` so its address redirected to the article kept.
Republished, it kept the link: unpublished again, its address redirected to an
article the editor had decided it was not, and the desk's record still called it
merged. Publishing now undoes the link, and the audit entry says so.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_desk_fixtures import make_user
from tests.test_story_merge_articles import published_pair
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog
from wiredesk.stories import editing
from wiredesk.stories.models import Story

pytestmark = pytest.mark.django_db


def merged_pair(run, user) -> tuple[Article, Article]:
    """Two published articles merged by ``user``: (withdrawn, kept)."""
    older, newer = published_pair(run)
    editing.merge(
        Story.objects.filter(pk__in=[older.story_id, newer.story_id]), user=user
    )
    older.refresh_from_db()
    assert older.merged_into_id == newer.pk
    return older, newer


def test_publish_now_on_the_desk_undoes_the_merge(run, client, django_user_model):
    editor = make_user(django_user_model, "eddie", "editor")
    withdrawn, kept = merged_pair(run, editor)
    url = withdrawn.get_absolute_url()
    assert client.get(url).status_code == 301

    client.force_login(editor)
    client.post(reverse("desk:action", args=[withdrawn.pk]), {"action": "publish"})

    withdrawn.refresh_from_db()
    assert (withdrawn.status, withdrawn.live) == (Article.Status.PUBLISHED, True)
    assert withdrawn.merged_into_id is None
    entry = AuditLog.objects.filter(action="publish", target_id=withdrawn.pk).latest(
        "pk"
    )
    assert entry.username == "eddie"
    assert entry.note == (
        f"No longer merged into article {kept.pk}: its address serves it again"
    )
    assert entry.before["merged_into"] == kept.pk
    assert entry.after["merged_into"] is None
    assert entry.after["status"] == "published"
    client.logout()
    assert client.get(url).status_code == 200
    # Taken down again, it is just unpublished: its address no longer leads to
    # the article it was once merged into.
    workflow.transition(withdrawn, "unpublish", editor)
    assert client.get(url).status_code in {404, 410}  # gone, not sent elsewhere


def test_the_scheduler_publishing_it_undoes_the_merge_too(run, django_user_model):
    """Scheduled again after the merge, it goes live at its time as itself."""
    editor = make_user(django_user_model, "eddie", "editor")
    withdrawn, kept = merged_pair(run, editor)
    withdrawn.go_live_at = timezone.now() + timedelta(hours=1)
    withdrawn.save()
    workflow.transition(withdrawn, "schedule", editor)
    withdrawn.refresh_from_db()
    assert withdrawn.merged_into_id == kept.pk  # still withdrawn until it is live
    assert workflow.run_schedule(now=timezone.now() + timedelta(hours=2)) == (1, 0)
    withdrawn.refresh_from_db()
    assert withdrawn.live and withdrawn.merged_into_id is None
    entry = AuditLog.objects.filter(action="publish", target_id=withdrawn.pk).latest(
        "pk"
    )
    assert entry.username == "" and f"article {kept.pk}" in entry.note


def test_publishing_an_article_never_merged_changes_no_entry(run):
    """The usual publish entry: no note, no merge link in its states."""
    _, newer = published_pair(run)
    entry = AuditLog.objects.get(action="publish", target_id=newer.pk)
    assert entry.note == ""
    assert "merged_into" not in entry.before and "merged_into" not in entry.after
