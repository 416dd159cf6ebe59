"""An editor's split tells the desk: the story's article is redrafted from the items
left, so the desk sees a flag and the audit log says who split it and why."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.test_story_editing import split_url, two_stories
from wiredesk.desk.models import Article, AuditLog
from wiredesk.stories.models import Story

pytestmark = pytest.mark.django_db


def test_a_split_flags_the_story_s_article_and_logs_the_editor(
    client, django_capture_on_commit_callbacks
):
    """A live article silently changed to the remaining agency's copy, with no entry
    in the audit log (found by a desk walk-through)."""
    ghana, _, (_, northwind, _) = two_stories()
    article = Article.objects.create(
        story=ghana, headline="Ghana signs water loan", status="published", live=True
    )
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(split_url(ghana), {"items": [northwind.pk]})
    assert response.status_code == 302
    new = Story.objects.exclude(pk=ghana.pk).latest("pk")
    article.refresh_from_db()
    assert article.attention == Story.Priority.CHECK
    assert f"moved to story {new.pk}" in article.attention_reason
    entry = AuditLog.objects.get(
        action="split", target_type="article", target_id=article.pk
    )
    assert entry.username == "ed" and f"story {new.pk}" in entry.note


def test_a_split_never_lowers_a_more_urgent_flag(
    client, django_capture_on_commit_callbacks
):
    ghana, _, (_, northwind, _) = two_stories()
    article = Article.objects.create(
        story=ghana,
        headline="Ghana signs water loan",
        status="published",
        live=True,
        attention=Story.Priority.HIGH,
        attention_reason="Correction: check the toll",
    )
    client.force_login(
        get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(split_url(ghana), {"items": [northwind.pk]})
    article.refresh_from_db()
    assert article.attention == Story.Priority.HIGH
    assert article.attention_reason == "Correction: check the toll"
