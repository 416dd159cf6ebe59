"""Unpublishing asks first, and a withdrawn story's address says it is gone (found
by the desk walk-through: one click took a live story down, and its address then
answered as if it had never existed)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.test_desk_edit_actions import edit_form
from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data
from tests.test_reader_pages import make_article
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def live(db) -> Article:
    return make_article("Cholera outbreak spreads in Accra")


def confirm_form(page: str) -> str:
    found = re.search(
        r'<form method="post"[^>]*>.*?Yes, unpublish.*?</form>', page, re.S
    )
    assert found, page
    return found.group(0)


def test_unpublish_is_a_confirmed_post_with_csrf(editor, live):
    """The edit page's "Unpublish…" (its own form) shows what will happen and
    changes nothing; the confirmation's own POST, with its CSRF token, does it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(reverse("desk:edit", args=[live.pk])).content.decode()
    assert 'value="unpublish"' not in edit_form(page)
    asked = re.search(
        r'<form method="post" action="([^"]+)" class="unpublish">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
        page,
    )
    assert asked and "Unpublish…" in page
    url, token = asked.groups()
    shown = client.post(url, {"csrfmiddlewaretoken": token, "action": "unpublish"})
    assert shown.status_code == 200
    assert Article.objects.get(pk=live.pk).status == S.PUBLISHED
    form = confirm_form(shown.content.decode())
    assert "410 Gone" in shown.content.decode()
    fields = dict(re.findall(r'type="hidden" name="(\w+)" value="(\w+)"', form))
    assert fields.keys() == {"csrfmiddlewaretoken", "action", "confirm"}
    assert fields["action"] == "unpublish" and fields["confirm"] == "yes"
    assert f'action="{url}"' in form
    done = client.post(url, fields)
    assert done.status_code == 302
    assert Article.objects.get(pk=live.pk).status == S.UNPUBLISHED
    assert AuditLog.objects.filter(action="unpublish", username="eddie").exists()


def test_an_unconfirmed_unpublish_from_the_edit_form_saves_nothing(
    client, editor, live
):
    """An old edit page (or a forged post) with the step: the confirmation page,
    which says the typed text was not saved; the article is as it was."""
    client.force_login(editor)
    data = edit_data(live, headline="A new headline", action="unpublish")
    response = client.post(reverse("desk:edit", args=[live.pk]), data)
    assert response.status_code == 200
    assert "was saved" in response.content.decode()
    stored = Article.objects.get(pk=live.pk)
    assert stored.status == S.PUBLISHED and stored.headline == live.headline


def test_writers_cannot_reach_the_confirmation(client, writer, live):
    client.force_login(writer)
    response = client.post(
        reverse("desk:action", args=[live.pk]), {"action": "unpublish"}
    )
    assert response.status_code == 403


def test_an_unpublished_article_s_address_is_gone(client, editor, live):
    """410 in the site's not-found design, at the full and the short address; the
    answer may replace a page nginx holds, as a 404 does."""
    workflow.transition(live, "unpublish", editor)
    for url in (live.get_absolute_url(), f"/news/{live.pk}/"):
        response = client.get(url)
        assert response.status_code == 410, url
        body = response.content.decode()
        assert "This story has been withdrawn" in body and 'class="masthead"' in body
        assert 'role="search"' in body
        assert "private" not in response["Cache-Control"]
    assert live.headline not in client.get("/latest/").content.decode()
    workflow.transition(live, "publish", editor)
    assert client.get(live.get_absolute_url()).status_code == 200


def test_a_story_that_never_went_live_is_not_found(client, editor):
    """Scheduled, then unpublished before its time: never public, so its address
    gives nothing away (404, not 410)."""
    article = make_article("Embargoed results", published=False)
    article.go_live_at = timezone.now() + timedelta(hours=3)
    article.save()
    workflow.transition(article, "schedule", editor)
    workflow.transition(article, "unpublish", editor)
    assert client.get(f"/news/{article.pk}/").status_code == 404


def test_a_merged_article_still_redirects(client, editor, live):
    """A merged article is unpublished too, but its address moves (301) to the
    article that tells the story now."""
    old = make_article("Cholera cases rise in Accra")
    workflow.transition(old, "unpublish", editor)
    Article.objects.filter(pk=old.pk).update(merged_into=live)
    response = client.get(old.get_absolute_url())
    assert response.status_code == 301
    assert response.url == live.get_absolute_url()
