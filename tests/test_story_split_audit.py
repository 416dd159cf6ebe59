"""An editor's split tells the desk: the story's article is redrafted from the items
left, so the desk sees a flag and the audit log says who split it and why."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.test_story_editing import split_url, two_stories
from tests.test_story_versions import GHANA_A, source, wire
from wiredesk.desk.models import Article, AuditLog
from wiredesk.ingest.models import Source
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


# -- the story split off, and its article ----------------------------------------------


def split_in_admin(client, story: Story, items: list[int], capture) -> Story:
    """An editor (superuser "ed") splits ``items`` off ``story`` in the admin; the
    reactions at commit (drafting, the desk) run as the workers would."""
    client.force_login(
        get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    )
    with capture(execute=True):
        response = client.post(split_url(story), {"items": items})
    assert response.status_code == 302
    return Story.objects.exclude(pk=story.pk).latest("pk")


def test_the_split_off_story_s_article_names_the_editor_and_its_origin(
    client, django_capture_on_commit_callbacks
):
    """Northwind publishes without review: its copy split off is drafted and
    published at once, as a new article. It had no entry in the audit log; now
    one names the editor and the story it came from."""
    ghana, _, (_, northwind, _) = two_stories()
    Source.objects.filter(pk=northwind.source_id).update(auto_publish=True)

    new = split_in_admin(
        client, ghana, [northwind.pk], django_capture_on_commit_callbacks
    )

    article = Article.objects.get(story=new)
    assert (article.status, article.live) == (Article.Status.PUBLISHED, True)
    entry = AuditLog.objects.get(
        action="split", target_type="article", target_id=article.pk
    )
    assert entry.username == "ed"
    assert entry.note == (
        f"Drafted for story {new.pk}, split from story {ghana.pk} by ed"
    )
    assert entry.after["status"] == "published"
    # The split itself is on record against the new story, with what moved.
    story_entry = AuditLog.objects.get(
        action="split", target_type="story", target_id=new.pk
    )
    assert story_entry.username == "ed"
    assert story_entry.after == {"split_from": ghana.pk, "items": [northwind.pk]}


def test_a_split_of_stories_without_articles_is_still_on_record(client):
    """No article on either side (nothing drafted yet): the audit log still says
    who split what, written in the split's own transaction (no reactions at
    commit run here)."""
    ghana, _, (_, northwind, _) = two_stories()
    client.force_login(
        get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    )
    client.post(split_url(ghana), {"items": [northwind.pk]})
    new = Story.objects.exclude(pk=ghana.pk).latest("pk")
    entry = AuditLog.objects.get(action="split")
    assert (entry.target_type, entry.target_id) == ("story", new.pk)
    assert entry.note == f"Split from story {ghana.pk}" and entry.username == "ed"


def test_an_article_of_a_story_never_split_gets_no_split_entry(run):
    """Matching's own stories: drafting's article has no split entry."""
    story = run(wire(source("meridian", 10), "m1", *GHANA_A))
    assert Article.objects.filter(story=story).exists()
    assert not AuditLog.objects.filter(action="split").exists()
