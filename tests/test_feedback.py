"""Give Feedback: stored for the desk, mailed to DESK_EMAIL, guarded against bots."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from wiredesk.audience.forms import started_token
from wiredesk.audience.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """Every test here starts with no rate limits counted."""


def csrf_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/feedback/?page=/news/7/some-story/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    return client, token.group(1)


def form(token: str, **over) -> dict[str, str]:
    data = {
        "csrfmiddlewaretoken": token,
        "name": "Ada Reader",
        "email": "ada@example.org",
        "message": "The dateline of this story says Nairobi; it was Kampala.",
        "page": "/news/7/some-story/",
        "website": "",
        "started": started_token(time.time() - 30),
    }
    data.update(over)
    return data


def test_form_carries_the_page_and_is_never_cached(client):
    """The form names the page it came from and tells caches not to keep it."""
    response = client.get("/feedback/?page=/news/7/some-story/")
    assert response.status_code == 200
    assert 'value="/news/7/some-story/"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_feedback_is_stored_new_and_mailed_to_the_desk(
    settings, smtp, django_capture_on_commit_callbacks
):
    """A reader's message is stored with status new and mailed to DESK_EMAIL."""
    settings.DESK_EMAIL = "desk@newsroom.test"
    client, token = csrf_client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/feedback/", form(token))
    assert response.status_code == 302
    assert response["Location"] == "/feedback/thanks/"
    item = Feedback.objects.get()
    assert (item.status, item.page, item.email) == (
        "new",
        "/news/7/some-story/",
        "ada@example.org",
    )
    assert item.mailed_at is not None
    [mail] = smtp.messages
    assert mail["To"] == "desk@newsroom.test"
    assert mail["Reply-To"] == "ada@example.org"
    text = mail.get_body(("plain",)).get_content()
    assert "it was Kampala" in text
    assert f"{settings.SITE_URL}/news/7/some-story/" in text


def test_without_desk_email_feedback_is_only_stored(
    settings, smtp, django_capture_on_commit_callbacks
):
    """With DESK_EMAIL unset, feedback is stored and nothing is mailed."""
    settings.DESK_EMAIL = None
    client, token = csrf_client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/feedback/", form(token))
    assert Feedback.objects.count() == 1
    assert smtp.messages == []


def test_a_post_without_csrf_token_is_refused():
    """A form posted from another site (no CSRF token) is rejected."""
    client, _ = csrf_client()
    response = client.post("/feedback/", form("forged"))
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_honeypot_is_thanked_but_not_stored():
    """A bot that fills the hidden field sees the thanks page; nothing is kept."""
    client, token = csrf_client()
    response = client.post("/feedback/", form(token, website="http://spam.test"))
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_too_quick_or_forged_start_time_is_rejected():
    """A form sent within seconds of being shown, or with a forged time, is refused
    with a message that asks to send it again."""
    client, token = csrf_client()
    quick = client.post("/feedback/", form(token, started=started_token()))
    assert quick.status_code == 400
    assert "very quick" in quick.text
    forged = client.post("/feedback/", form(token, started="12345:forged"))
    assert forged.status_code == 400
    assert not Feedback.objects.exists()


def test_rate_limit_per_address():
    """The sixth message within an hour from one address gets 429; another address
    is not affected."""
    client, token = csrf_client()
    for _ in range(5):
        assert client.post("/feedback/", form(token)).status_code == 302
    limited = client.post("/feedback/", form(token))
    assert limited.status_code == 429
    assert "Too many requests" in limited.text
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.9.8.7")
    page = other.get("/feedback/")
    other_token = re.search(r'csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    assert other.post("/feedback/", form(other_token)).status_code == 302
    assert Feedback.objects.count() == 6


def test_only_pages_of_this_site_are_kept():
    """A page outside the site is dropped rather than stored as a link."""
    client, token = csrf_client()
    client.post("/feedback/", form(token, page="https://evil.test/x"))
    assert Feedback.objects.get().page == ""


def test_the_desk_lists_feedback_with_status_and_works_it_through(admin_client):
    """Staff see feedback in the admin; opening one marks it read; an action marks
    it answered."""
    item = Feedback.objects.create(name="Ben", email="ben@example.org", message="Hi")
    listing = admin_client.get("/desk/admin/audience/feedback/")
    assert listing.status_code == 200
    assert "ben@example.org" in listing.text
    assert "New" in listing.text
    admin_client.get(f"/desk/admin/audience/feedback/{item.pk}/change/")
    item.refresh_from_db()
    assert item.status == "read"
    admin_client.post(
        "/desk/admin/audience/feedback/",
        {"action": "mark_answered", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert item.status == "answered"
