"""The desk and its admin show times in the site's zone, and the desk in its own
format (dd-mm-yyyy HH:MM), as readers' pages do: the admin showed UTC and the
dashboard and revisions 'Nov. 28, 2026, 7:10 a.m.'."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from wiredesk.audience.models import Feedback
from wiredesk.desk import revisions
from wiredesk.desk.models import Revision
from wiredesk.ingest.models import Source

pytestmark = pytest.mark.django_db

# 01:40 UTC is 07:10 in Kolkata (UTC+05:30), on the next day's date at 22:36 UTC.
AT = datetime(2026, 11, 28, 1, 40, tzinfo=UTC)


@pytest.fixture
def kolkata(settings):
    settings.SITE_TIME_ZONE = "Asia/Kolkata"


def test_the_dashboards_last_success_is_site_time(client, editor, kolkata):
    Source.objects.create(
        name="Meridian wire",
        slug="meridian",
        agency="Meridian Press Agency",
        url="https://wire.invalid/feed",
        last_success_at=AT,
    )
    client.force_login(editor)
    page = client.get(reverse("desk:home")).content.decode()
    assert "28-11-2026 07:10 IST" in page
    assert "Nov. 28" not in page and "a.m." not in page


def test_the_revisions_page_is_site_time(client, editor, article, kolkata):
    revisions.record(article, editor, "edited")
    Revision.objects.filter(article=article).update(created_at=AT)
    client.force_login(editor)
    page = client.get(reverse("desk:revisions", args=[article.pk])).content.decode()
    assert ">28-11-2026 07:10 IST</time> by eddie — edited" in page


def test_the_admin_shows_site_time(client, editor, kolkata):
    """An editor's feedback list in the admin says 07:10 (site time), not the
    01:40 of UTC."""
    editor.is_staff = True
    editor.save()
    Feedback.objects.create(
        name="Ama", email="ama@example.org", message="Thanks.", created_at=AT
    )
    client.force_login(editor)
    page = client.get(reverse("admin:audience_feedback_changelist")).content.decode()
    assert "7:10 a.m." in page
    assert "1:40 a.m." not in page


def test_the_public_pages_keep_the_default_zone(client, kolkata):
    """Only the desk's requests run in the site's zone: a public page leaves the
    process's zone as it was for the next request."""
    from django.utils import timezone

    client.get("/")
    assert timezone.get_current_timezone_name() == "UTC"
