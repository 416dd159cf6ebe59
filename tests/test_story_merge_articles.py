"""Editors merge stories whose articles the desk has each taken up (issue 4).

With auto-publishing sources every agency story is published at once, so two
stories matching kept apart could not be merged while the merge refused more
than one taken-up article. Now the article the desk would keep survives and the
others are withdrawn in its favour: unpublished, kept with their text, their
addresses redirecting to it. Items are placed with ``clustering.assign`` and the
desk and drafting react at commit, as the workers do.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_desk_fixtures import make_user
from tests.test_story_versions import GHANA_A, OTHER, demo_text, source, wire
from wiredesk.desk import audit, workflow
from wiredesk.desk.models import Article, AuditLog, HomePin, Revision
from wiredesk.stories import editing
from wiredesk.stories.models import Story
from wiredesk.stories.signals import story_edited

pytestmark = pytest.mark.django_db

ZAMBIA = "urn:coastal:2026:0002"  # the demo wire's cholera story, told by no other


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run an editor's action with the reactions it announces."""

    def call(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return call


def two_stories(run) -> tuple[Article, Article]:
    """Coastal's story, then Meridian's two hours later: two stories, two drafts."""
    older = run(wire(source("coastal", 30), "c1", *OTHER))
    newer = run(wire(source("meridian", 10), "m1", *GHANA_A, hours=2))
    assert older != newer
    return Article.objects.get(story=older), Article.objects.get(story=newer)


def merge_in_admin(client, django_user_model, stories, capture):
    """An editor (the desk role, staff as the demo's editor) ticks the stories in
    the admin's list and runs "Merge selected stories"."""
    user = make_user(django_user_model, "eddie", "editor")
    user.is_staff = True
    user.save()
    client.force_login(user)
    with capture(execute=True):
        response = client.post(
            reverse("admin:stories_story_changelist"),
            {"action": "merge_stories", "_selected_action": [s.pk for s in stories]},
            follow=True,
        )
    assert response.status_code == 200
    return user, [str(m) for m in response.context["messages"]]


def test_an_editor_merges_two_published_stories_in_the_admin(
    run, client, django_user_model, django_capture_on_commit_callbacks
):
    """Both stories published (auto-publishing sources): the newer story's article,
    published first, survives and credits both agencies after the redraft; the
    other is unpublished, points at it, and its address answers 301 to it. Feeds
    and the sitemap list one article; the home pin moves to the survivor."""
    older, newer = two_stories(run)
    start = timezone.now() - timedelta(hours=1)
    workflow.transition(newer, "publish", None, now=start)
    workflow.transition(older, "publish", None, now=start + timedelta(minutes=5))
    older.refresh_from_db()
    old_url = older.get_absolute_url()
    coastal, meridian = (
        list(s.items.order_by("item_id").values_list("item_id", flat=True))
        for s in (older.story, newer.story)
    )
    HomePin.objects.create(article=older, edition=None, position=0)
    assert client.get(old_url).status_code == 200

    user, shown = merge_in_admin(
        client,
        django_user_model,
        [older.story, newer.story],
        django_capture_on_commit_callbacks,
    )

    older.refresh_from_db()
    newer.refresh_from_db()
    assert Story.objects.get().pk == newer.story_id
    assert (newer.status, newer.live) == (Article.Status.PUBLISHED, True)
    assert newer.agencies == ["Meridian Agency", "Coastal Agency"]
    assert (older.status, older.live) == (Article.Status.UNPUBLISHED, False)
    assert older.merged_into_id == newer.pk
    assert older.story_id is None
    (message,) = shown
    assert f"Merged into story {newer.story_id}" in message
    assert f"in favour of article {newer.pk}" in message
    assert f"article {older.pk} “{older.headline}”" in message
    assert f"redirects to {newer.get_absolute_url()}" in message
    # The editor is asked to check the combined copy.
    assert newer.attention == Story.Priority.CHECK
    assert newer.attention_reason == f"Merged with {older.pk}: {older.headline}"
    entry = AuditLog.objects.get(action="merged", target_id=older.pk)
    assert entry.user == user
    assert entry.before["status"] == "published"
    # The items each story held, for a split to undo the merge (test_story_unmerge).
    assert entry.before["items"] == coastal
    kept_entry = AuditLog.objects.get(action="merged", target_id=newer.pk)
    assert kept_entry.before["items"] == meridian
    assert entry.after["status"] == "unpublished"
    assert entry.note == f"Merged into article {newer.pk}: {newer.headline}"
    assert AuditLog.objects.filter(action="merged", target_id=newer.pk).exists()
    assert list(HomePin.objects.values_list("article_id", flat=True)) == [newer.pk]

    client.logout()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == newer.get_absolute_url()
    assert client.get(f"/news/{older.pk}/").status_code == 301
    feed = client.get("/feeds/latest.rss").content.decode()
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    for listing in (feed, sitemap):
        assert newer.get_absolute_url() in listing
        assert old_url not in listing


def test_a_scheduled_article_merged_into_a_published_one_never_goes_live(run, commit):
    """The published article survives; the scheduled one is withdrawn, so the
    scheduler finds nothing to publish at its go-live time."""
    older, newer = two_stories(run)
    older.go_live_at = timezone.now() + timedelta(hours=1)
    older.save()
    workflow.transition(older, "schedule", None)
    workflow.transition(newer, "publish", None)
    survivor = commit(
        editing.merge, Story.objects.filter(pk__in=[older.story_id, newer.story_id])
    )
    assert survivor.story.pk == newer.story_id
    assert workflow.run_schedule(now=timezone.now() + timedelta(hours=2)) == (0, 0)
    older.refresh_from_db()
    assert (older.status, older.live) == (Article.Status.UNPUBLISHED, False)
    assert older.merged_into_id == newer.pk
    assert Article.objects.published().get() == newer


def test_without_a_live_article_the_one_furthest_along_survives(run, commit):
    """Scheduled beats in review, whichever story is older."""
    older, newer = two_stories(run)
    workflow.transition(older, "submit", None)
    newer.go_live_at = timezone.now() + timedelta(hours=1)
    newer.save()
    workflow.transition(newer, "schedule", None)
    survivor = commit(
        editing.merge, Story.objects.filter(pk__in=[older.story_id, newer.story_id])
    )
    assert survivor.story.pk == newer.story_id
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.merged_into_id == newer.pk
    assert older.status == Article.Status.UNPUBLISHED
    assert newer.status == Article.Status.SCHEDULED


def test_an_article_edited_by_hand_keeps_its_text_when_withdrawn(
    run, commit, django_user_model
):
    """The editor's words stay in the database and its revisions: withdrawn, not
    deleted. The published article survives."""
    older, newer = two_stories(run)
    workflow.transition(newer, "publish", None)
    user = make_user(django_user_model, "eddie", "editor")
    older.body_html = "<p>The desk's own account of the coastal story.</p>"
    workflow.save_edit(
        older, user=user, expected_version=older.lock_version, changed=["body_html"]
    )
    older.refresh_from_db()
    assert older.desk_edited and older.status == Article.Status.DRAFT
    revisions = Revision.objects.filter(article=older).count()

    commit(
        editing.merge,
        Story.objects.filter(pk__in=[older.story_id, newer.story_id]),
        user=user,
    )
    older.refresh_from_db()
    assert older.body_html == "<p>The desk's own account of the coastal story.</p>"
    assert older.merged_into_id == newer.pk
    assert older.status == Article.Status.UNPUBLISHED
    assert Revision.objects.filter(article=older).count() == revisions
    assert Article.objects.count() == 2


def test_an_untouched_draft_still_goes_with_its_story(run, commit):
    """Only one article taken up: the old rule, the other story's draft deleted,
    no article withdrawn and no merge flag."""
    older, newer = two_stories(run)
    workflow.transition(newer, "publish", None)
    commit(editing.merge, Story.objects.filter(pk__in=[older.story_id, newer.story_id]))
    assert list(Article.objects.values_list("pk", flat=True)) == [newer.pk]
    newer.refresh_from_db()
    assert newer.attention == Story.Priority.NONE
    assert not AuditLog.objects.filter(action="merged").exists()


# -- the audit commits with the merge, or neither does ---------------------------------


def published_pair(run) -> tuple[Article, Article]:
    """Two published articles, the newer story's first (it survives a merge)."""
    older, newer = two_stories(run)
    start = timezone.now() - timedelta(hours=1)
    workflow.transition(newer, "publish", None, now=start)
    workflow.transition(older, "publish", None, now=start + timedelta(minutes=5))
    older.refresh_from_db()
    newer.refresh_from_db()
    return older, newer


def test_the_merge_is_audited_before_it_commits(run, django_user_model):
    """Nothing runs at commit here (no on-commit callbacks): the entries are
    written in the merge's own transaction, on both articles, naming the editor."""
    older, newer = published_pair(run)
    user = make_user(django_user_model, "eddie", "editor")
    editing.merge(
        Story.objects.filter(pk__in=[older.story_id, newer.story_id]), user=user
    )
    entries = AuditLog.objects.filter(action="merged").order_by("target_id")
    assert [(e.target_id, e.username) for e in entries] == [
        (older.pk, "eddie"),
        (newer.pk, "eddie"),
    ]


def unchanged(older: Article, newer: Article) -> None:
    """Both stories and articles as they were before the failed merge, and no
    merge entry in the audit log."""
    assert Story.objects.filter(pk__in=[older.story_id, newer.story_id]).count() == 2
    for article in (older, newer):
        stored = Article.objects.get(pk=article.pk)
        assert (stored.status, stored.live) == (Article.Status.PUBLISHED, True)
        assert stored.merged_into_id is None
        assert stored.story_id == article.story_id
        assert stored.attention == article.attention
    assert not AuditLog.objects.filter(action="merged").exists()


def test_a_merge_that_fails_after_its_audit_leaves_nothing(run, django_user_model):
    """Another receiver fails after the desk wrote its entries: the merge and its
    entries are undone together."""
    older, newer = published_pair(run)

    def fail(**kwargs) -> None:
        assert AuditLog.objects.filter(action="merged").count() == 2
        raise RuntimeError("a later step of the merge failed")

    story_edited.connect(fail, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            editing.merge(
                Story.objects.filter(pk__in=[older.story_id, newer.story_id]),
                user=make_user(django_user_model, "eddie", "editor"),
            )
    finally:
        story_edited.disconnect(dispatch_uid="test-fail")
    unchanged(older, newer)


def test_a_merge_whose_audit_fails_is_undone(run, django_user_model, monkeypatch):
    """The audit used to run after the merge committed: an error there left the
    articles withdrawn with no entry saying who did it. Now the merge is undone."""
    older, newer = published_pair(run)
    record = audit.record
    calls = []

    def record_once(*args, **kwargs):
        calls.append(args[1])
        if len(calls) > 1:
            raise RuntimeError("audit log unavailable")
        return record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", record_once)
    with pytest.raises(RuntimeError):
        editing.merge(
            Story.objects.filter(pk__in=[older.story_id, newer.story_id]),
            user=make_user(django_user_model, "eddie", "editor"),
        )
    assert calls == ["merged", "merged"]
    unchanged(older, newer)


# -- the admin's message comes from what the merge did --------------------------------


def test_three_stories_merged_name_both_withdrawn_articles(
    run, client, django_user_model, django_capture_on_commit_callbacks
):
    """merge() returns the article kept and those it withdrew, read under its
    lock; the admin says what happened from that, naming both withdrawn articles
    and where their addresses now lead."""
    older, newer = published_pair(run)
    third = run(wire(source("northwind", 20), "n2", *demo_text(ZAMBIA), hours=3))
    extra = Article.objects.get(story=third)
    workflow.transition(extra, "publish", None)
    extra.refresh_from_db()

    _, shown = merge_in_admin(
        client,
        django_user_model,
        [older.story, newer.story, third],
        django_capture_on_commit_callbacks,
    )

    (message,) = shown
    assert f"in favour of article {newer.pk} “{newer.headline}”" in message
    assert (
        f"articles {older.pk} “{older.headline}”, {extra.pk} “{extra.headline}”; "
        f"their addresses redirect to {newer.get_absolute_url()}."
    ) in message
    for article in (older, extra):
        article.refresh_from_db()
        assert article.merged_into_id == newer.pk


def test_merge_returns_the_story_its_article_and_those_withdrawn(run):
    older, newer = published_pair(run)
    merged = editing.merge(
        Story.objects.filter(pk__in=[older.story_id, newer.story_id])
    )
    assert merged.story.pk == newer.story_id
    assert merged.article == newer
    assert merged.article.attention == Story.Priority.CHECK  # as the merge left it
    assert [a.pk for a in merged.withdrawn] == [older.pk]
    assert merged.withdrawn[0].status == Article.Status.UNPUBLISHED
