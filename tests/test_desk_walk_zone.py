"""Times on the desk are site time, and say so (found by the desk walk-through:
an editor could not tell whether a typed "10:00" meant UTC or site time)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data
from wiredesk.desk.models import Article

pytestmark = pytest.mark.django_db


def test_a_typed_go_live_time_is_site_time_and_is_labelled(
    client, editor, article, settings
):
    """10:00 typed in Kolkata is 04:30 UTC; the page shows 10:00 again, with the
    zone beside the field and beside the schedule line."""
    settings.SITE_TIME_ZONE = "Asia/Kolkata"
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    data = edit_data(article, go_live_at="2031-01-15T10:00", action="schedule")
    assert client.post(url, data).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Article.Status.SCHEDULED
    assert stored.go_live_at == datetime(2031, 1, 15, 4, 30, tzinfo=UTC)

    page = client.get(url).content.decode()
    assert 'name="go_live_at" value="2031-01-15T10:00"' in page
    assert '<span class="zone" id="id_go_live_at-zone">IST (Asia/Kolkata)</span>' in (
        page
    )
    assert re.search(r'aria-describedby="[^"]*\bid_go_live_at-zone"', page)
    assert "Goes live 15-01-2031 10:00 IST" in page


def test_the_label_is_the_zone_at_the_time_shown(client, editor, article, settings):
    """A summer go-live time in London is BST, though the page is opened in
    winter; the empty expiry field says the zone of now."""
    settings.SITE_TIME_ZONE = "Europe/London"
    article.go_live_at = datetime(2031, 7, 1, 8, 0, tzinfo=UTC)
    article.save()
    client.force_login(editor)
    page = client.get(reverse("desk:edit", args=[article.pk])).content.decode()
    assert 'value="2031-07-01T09:00"' in page
    assert 'id="id_go_live_at-zone">BST (Europe/London)</span>' in page
    assert 'id="id_expire_at-zone">' in page


def test_utc_sites_say_utc(client, editor, article, settings):
    settings.SITE_TIME_ZONE = "UTC"
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    client.post(url, edit_data(article, expire_at="2031-01-15T10:00"))
    assert Article.objects.get(pk=article.pk).expire_at == datetime(
        2031, 1, 15, 10, 0, tzinfo=UTC
    )
    page = client.get(url).content.decode()
    assert 'id="id_expire_at-zone">UTC</span>' in page


def test_the_audit_log_says_its_zone(client, editor, settings):
    settings.SITE_TIME_ZONE = "Asia/Kolkata"
    client.force_login(editor)
    page = client.get(reverse("desk:audit")).content.decode()
    assert "When (IST (Asia/Kolkata))" in page
