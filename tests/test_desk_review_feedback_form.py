"""Sending the feedback form empty shows the fields' own errors only, not the
anti-bot "very quick" note as well (found by the review: both showed)."""

from __future__ import annotations

import pytest

from tests.test_feedback import csrf_client, form
from wiredesk.audience.forms import started_token
from wiredesk.audience.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """Every test here starts with no rate limits counted."""


def test_an_empty_form_sent_at_once_shows_only_the_required_fields():
    client, token = csrf_client()
    empty = form(token, name="", email="", message="", started=started_token())
    page = client.post("/feedback/", empty)
    assert page.status_code == 400
    assert page.text.count("This field is required.") == 3
    assert "very quick" not in page.text
    assert not Feedback.objects.exists()


def test_a_filled_form_sent_at_once_is_still_too_quick():
    client, token = csrf_client()
    page = client.post("/feedback/", form(token, started=started_token()))
    assert page.status_code == 400
    assert "That was very quick" in page.text
    assert "This field is required." not in page.text
    assert not Feedback.objects.exists()
