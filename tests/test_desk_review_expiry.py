"""A past 'Expire at' is refused: it would take a live article down at the next
schedule run, seconds after the save."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data
from wiredesk.desk.models import Article

pytestmark = pytest.mark.django_db


def test_a_past_expiry_is_refused_with_the_time_in_site_time(
    client, editor, article, settings
):
    """The page comes back with the field's error naming the time typed, in the
    desk's format and zone; the article keeps no expiry."""
    settings.SITE_TIME_ZONE = "Asia/Kolkata"
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    page = client.post(url, edit_data(article, expire_at="2020-03-01T09:15"))
    assert page.status_code == 400
    assert "Expire at is in the past: 01-03-2020 09:15 IST." in page.content.decode()
    assert Article.objects.get(pk=article.pk).expire_at is None


def test_a_future_expiry_is_kept(client, editor, article, settings):
    settings.SITE_TIME_ZONE = "UTC"
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    later = timezone.now() + timedelta(days=2)
    response = client.post(
        url, edit_data(article, expire_at=later.strftime("%Y-%m-%dT%H:%M"))
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).expire_at is not None


def test_an_expired_article_saves_with_its_stored_expiry(client, editor, article):
    """An article that already expired can still be edited: the expiry it keeps
    unchanged is not refused."""
    article.expire_at = timezone.now() - timedelta(days=3)
    article.save()
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    form = client.get(url).content.decode()
    shown = re.search(r'name="expire_at" value="([^"]+)"', form).group(1)
    data = edit_data(article, headline="Rains return to the whole Sahel")
    data["expire_at"] = shown
    response = client.post(url, data)
    assert response.status_code == 302
    assert (
        Article.objects.get(pk=article.pk).headline == "Rains return to the whole Sahel"
    )
