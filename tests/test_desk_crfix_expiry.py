"""An article whose expiry has passed does not go live again (code review).

"Publish now" on an article the scheduler expired made it live while readers got
410 for it, and the scheduler's next run took it down again. Publishing or
scheduling is refused, naming the expiry in site time, until the editor clears
or moves Expire at. Refused rather than cleared: the editor set that expiry.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data
from tests.test_reader_pages import make_article
from tests.test_story_merge_articles import commit, published_pair  # noqa: F401
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog
from wiredesk.stories import editing
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db

EXPIRY = datetime(2026, 3, 1, 3, 45, tzinfo=UTC)  # 09:15 in Kolkata
REFUSAL = "Its expiry 01-03-2026 09:15 IST has passed: clear or move Expire at"


@pytest.fixture
def expired(db, settings) -> Article:
    """A live article the scheduler took down at its expiry."""
    settings.SITE_TIME_ZONE = "Asia/Kolkata"
    article = make_article("Water tariffs rise", expire_at=EXPIRY)
    assert workflow.run_schedule() == (0, 1)
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED
    return article


def test_publish_now_on_an_expired_article_is_refused(client, editor, expired):
    client.force_login(editor)
    response = client.post(
        reverse("desk:action", args=[expired.pk]), {"action": "publish"}, follow=True
    )
    assert REFUSAL in [str(m) for m in response.context["messages"]]
    expired.refresh_from_db()
    assert (expired.status, expired.live) == (Article.Status.UNPUBLISHED, False)
    assert not AuditLog.objects.filter(action="publish", target_id=expired.pk)
    client.logout()
    assert client.get(expired.get_absolute_url()).status_code == 410


def test_the_scheduler_does_not_publish_the_same_article_again(expired, editor):
    with pytest.raises(workflow.TransitionError, match=re.escape(REFUSAL)):
        workflow.transition(expired, "publish", editor)
    assert workflow.run_schedule() == (0, 0)


def test_a_schedule_going_live_after_the_expiry_is_refused(article, editor, settings):
    """Expiring before its go-live time, it would never be seen: refused too,
    though the expiry is still ahead now."""
    settings.SITE_TIME_ZONE = "Asia/Kolkata"
    now = timezone.now()
    article.go_live_at = now + timedelta(hours=2)
    article.expire_at = now + timedelta(hours=1)
    article.save()
    with pytest.raises(workflow.TransitionError, match="has passed: clear or move"):
        workflow.transition(article, "schedule", editor)
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_the_edit_form_keeps_a_stored_expiry_but_will_not_publish_with_it(
    client, editor, expired
):
    """The stored past expiry sent back unchanged saves (an expired article can
    be edited) but does not let "Publish now" through: the form comes back with
    the refusal on Expire at, nothing saved."""
    client.force_login(editor)
    url = reverse("desk:edit", args=[expired.pk])
    shown = re.search(
        r'name="expire_at" value="([^"]+)"', client.get(url).content.decode()
    ).group(1)
    data = edit_data(expired, headline="Water tariffs rise again", expire_at=shown)

    response = client.post(url, {**data, "action": "publish"})
    assert response.status_code == 400
    assert f"{REFUSAL}." in response.content.decode()
    stored = Article.objects.get(pk=expired.pk)
    assert (stored.headline, stored.live) == ("Water tariffs rise", False)

    assert client.post(url, data).status_code == 302  # a plain save
    assert Article.objects.get(pk=expired.pk).headline == "Water tariffs rise again"


def test_cleared_it_publishes(client, editor, expired):
    client.force_login(editor)
    url = reverse("desk:edit", args=[expired.pk])
    data = edit_data(expired, expire_at="", action="publish")
    assert client.post(url, data).status_code == 302
    expired.refresh_from_db()
    assert (expired.live, expired.expire_at) == (True, None)
    client.logout()
    assert client.get(expired.get_absolute_url()).status_code == 200


def test_a_split_gives_back_an_expired_withdrawn_article_in_review(
    run,
    commit,  # noqa: F811
):
    """Its expiry passed after the merge: a split undoing the merge gives it back
    to its story but not live (in review), and the audit entry says why."""
    older, newer = published_pair(run)
    items = list(
        StoryItem.objects.filter(story_id=older.story_id).values_list(
            "item_id", flat=True
        )
    )
    commit(editing.merge, Story.objects.filter(pk__in=[older.story_id, newer.story_id]))
    Article.objects.filter(pk=older.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    newer.refresh_from_db()
    new = commit(editing.split, Story.objects.get(pk=newer.story_id), items)

    older.refresh_from_db()
    assert (older.story_id, older.merged_into_id) == (new.pk, None)
    assert (older.status, older.live) == (Article.Status.IN_REVIEW, False)
    entry = AuditLog.objects.filter(action="unmerged", target_id=older.pk).latest("pk")
    assert "back in review (its expiry " in entry.note
    assert entry.note.endswith("has passed: clear or move Expire at)")
