"""The desk workflow: roles, transitions, the scheduler, locking, revisions, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.test_desk_fixtures import *  # noqa: F403
from wiredesk import registry
from wiredesk.desk import revisions, workflow
from wiredesk.desk.models import Article, AuditLog, Revision

pytestmark = pytest.mark.django_db
S = Article.Status


def reload(a: Article) -> Article:
    return Article.objects.get(pk=a.pk)


def test_roles_exist_with_their_permissions(writer, editor):
    """Writers write but cannot publish; editors publish and curate the home."""
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "writer",
        "editor",
        "admin",
    }
    assert writer.has_perm("desk.add_article") and writer.has_perm("desk.add_brief")
    assert not writer.has_perm("desk.publish_article")
    assert editor.has_perm("desk.publish_article") and editor.has_perm(
        "desk.curate_home"
    )
    admin_perms = Group.objects.get(name="admin").permissions
    assert admin_perms.filter(codename="change_source").exists()
    assert admin_perms.filter(codename="add_user").exists()


def test_writer_submits_but_cannot_publish(writer, article):
    """A writer's submit moves the piece to review; publishing is refused."""
    workflow.transition(article, "submit", writer)
    assert reload(article).status == S.IN_REVIEW
    with pytest.raises(PermissionDenied):
        workflow.transition(article, "publish", writer)
    assert not Article.objects.published().exists()
    assert [a for a, _ in workflow.allowed_actions(reload(article), writer)] == []


def test_editor_publishes_and_unpublishes(editor, article):
    """draft → in review → published → unpublished, each step in the audit log."""
    workflow.transition(article, "submit", editor)
    workflow.transition(article, "publish", editor)
    published = reload(article)
    assert published.status == S.PUBLISHED and published.live
    assert published.first_published_at is not None
    assert list(Article.objects.published()) == [published]
    workflow.transition(article, "unpublish", editor)
    assert not Article.objects.published().exists()
    entries = list(AuditLog.objects.order_by("pk"))
    assert [e.action for e in entries] == ["submit", "publish", "unpublish"]
    assert entries[1].username == "eddie"
    assert entries[1].before["status"] == "in_review"
    assert entries[1].after["status"] == "published"


def test_impossible_transition_names_the_state(editor, article):
    """Unpublishing a draft is refused with the article's state in the message."""
    with pytest.raises(workflow.TransitionError, match="it is draft"):
        workflow.transition(article, "unpublish", editor)
    with pytest.raises(workflow.TransitionError, match="unknown action 'fly'"):
        workflow.transition(article, "fly", editor)


def test_schedule_goes_live_and_expires_on_time(editor, article):
    """The periodic job publishes at go-live and takes the article down at expiry,
    not a minute early."""
    now = timezone.now().replace(second=0, microsecond=0)
    article.go_live_at = now + timedelta(minutes=5)
    article.expire_at = now + timedelta(minutes=65)
    article.save()
    with pytest.raises(workflow.TransitionError, match="go-live time"):
        Article.objects.filter(pk=article.pk).update(go_live_at=now)
        workflow.transition(reload(article), "schedule", editor, now=now)
    Article.objects.filter(pk=article.pk).update(go_live_at=now + timedelta(minutes=5))
    workflow.transition(article, "schedule", editor, now=now)
    assert reload(article).status == S.SCHEDULED

    assert workflow.run_schedule(now + timedelta(minutes=4, seconds=59)) == (0, 0)
    assert not Article.objects.published().exists()
    assert workflow.run_schedule(now + timedelta(minutes=5)) == (1, 0)
    assert reload(article).status == S.PUBLISHED
    assert workflow.run_schedule(now + timedelta(minutes=64)) == (0, 0)
    assert workflow.run_schedule(now + timedelta(minutes=65)) == (0, 1)
    assert reload(article).status == S.UNPUBLISHED
    actions = list(AuditLog.objects.order_by("pk").values_list("action", "username"))
    assert actions[-2:] == [("publish", ""), ("expire", "")]


def test_schedule_job_is_registered():
    """The scheduler runs the desk's schedule job (every 20 seconds)."""
    job = registry.periodic_jobs.get("desk-schedule")
    assert job.every <= 60


def test_second_save_gets_a_conflict(editor, second_editor, article):
    """Two editors open version 0; the first save wins, the second conflicts."""
    opened = article.lock_version
    first = reload(article)
    first.headline = "Rain returns to the Sahel"
    workflow.save_edit(
        first, user=editor, expected_version=opened, changed=["headline"]
    )
    second = reload(article)
    second.headline = "Sahel rains are back"
    with pytest.raises(workflow.EditConflict) as caught:
        workflow.save_edit(
            second, user=second_editor, expected_version=opened, changed=["headline"]
        )
    assert caught.value.current.headline == "Rain returns to the Sahel"
    assert reload(article).headline == "Rain returns to the Sahel"
    assert reload(article).lock_version == opened + 1


def test_every_save_is_a_revision_with_a_diff_and_restore(editor, article):
    """Saves make numbered revisions; the diff shows removed and added words;
    restoring an old one brings its text back as a new revision."""
    workflow.create_article(article, user=editor, many={})
    edited = reload(article)
    edited.headline = "Rains return to the Sahel after a long dry spell"
    workflow.save_edit(
        edited, user=editor, expected_version=edited.lock_version, changed=["headline"]
    )
    first, second = Revision.objects.filter(article=article).order_by("number")
    changes = revisions.diff(first.snapshot, second.snapshot)
    assert [c.name for c in changes] == ["headline"]
    assert "a <ins>long</ins> dry spell" in changes[0].html

    current = reload(article)
    workflow.restore(current, first, user=editor, expected_version=current.lock_version)
    restored = reload(article)
    assert restored.headline == "Rains return to the Sahel after a dry spell"
    assert article.revisions.count() == 3
    assert article.revisions.first().note == "restored revision 1"


def test_correction_moves_updated_and_is_logged(editor, article):
    """Marking a change as a correction records the note and moves Updated:."""
    workflow.transition(article, "publish", editor)
    before = reload(article)
    old_updated = before.updated_at - timedelta(hours=2)
    Article.objects.filter(pk=article.pk).update(updated_at=old_updated)
    current = reload(article)
    current.body_html = "<p>The rain came on Wednesday.</p>"
    workflow.save_edit(
        current,
        user=editor,
        expected_version=current.lock_version,
        changed=["body_html"],
        correction_note="An earlier version gave the wrong day.",
    )
    corrected = reload(article)
    assert corrected.updated_at > old_updated
    assert corrected.correction_note == "An earlier version gave the wrong day."
    entry = AuditLog.objects.filter(action="correct").get()
    assert entry.note == "An earlier version gave the wrong day."
    assert "body_html" in corrected.overridden_fields
