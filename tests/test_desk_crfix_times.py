"""Every time on the desk is written one way, with its zone (code review):
'28-11-2026 07:10 IST' (``forms.desk_time``, the ``desktime`` filter). The
queue, pieces and audit pages and the edit page's schedule line wrote
'28-11-2026 07:10' without a zone, and the audit log wrote a go-live time
changed as '2031-01-15 10:00'."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data
from wiredesk.desk.models import Article, AuditLog

pytestmark = pytest.mark.django_db

AT = datetime(2026, 11, 28, 1, 40, tzinfo=UTC)  # 07:10 in Kolkata
SHOWN = "28-11-2026 07:10 IST"


@pytest.fixture
def kolkata(settings):
    settings.SITE_TIME_ZONE = "Asia/Kolkata"


def test_the_queue_writes_the_zone(client, editor, article, kolkata):
    Article.objects.filter(pk=article.pk).update(updated_at=AT)
    client.force_login(editor)
    page = client.get(reverse("desk:queue")).content.decode()
    assert f">{SHOWN}</time>" in page


def test_the_pieces_page_writes_the_zone(client, editor, kolkata):
    piece = Article.objects.create(
        headline="A column on water", kind=Article.Kind.OPINION
    )
    Article.objects.filter(pk=piece.pk).update(modified_at=AT)
    client.force_login(editor)
    page = client.get(reverse("desk:pieces")).content.decode()
    assert f"<td>{SHOWN}</td>" in page


def test_the_audit_log_writes_the_zone_and_a_go_live_change_the_same_way(
    client, editor, article, kolkata
):
    """Its When column and a go-live time changed by an edit both read as the
    desk writes times."""
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    data = edit_data(article, go_live_at="2031-01-15T10:00")
    assert client.post(url, data).status_code == 302
    AuditLog.objects.filter(target_id=article.pk).update(created_at=AT)
    page = client.get(reverse("desk:audit")).content.decode()
    assert f">{SHOWN}</time>" in page
    assert "– → 15-01-2031 10:00 IST" in page


def test_the_edit_pages_schedule_line_writes_the_zone(client, editor, article, kolkata):
    Article.objects.filter(pk=article.pk).update(go_live_at=AT, expire_at=AT)
    client.force_login(editor)
    page = client.get(reverse("desk:edit", args=[article.pk])).content.decode()
    assert f"Goes live {SHOWN}</span>" in page
    assert f"Expires {SHOWN}</span>" in page
