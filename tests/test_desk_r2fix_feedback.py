"""The feedback list's actions say what they did (a desk review found them silent)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from wiredesk.audience.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_editor(editor):
    editor.is_staff = True
    editor.save()
    return editor


@pytest.mark.parametrize(
    ("action", "said", "status"),
    [
        ("mark_read", "2 feedback messages marked as read.", Feedback.Status.READ),
        (
            "mark_answered",
            "2 feedback messages marked as answered.",
            Feedback.Status.ANSWERED,
        ),
    ],
)
def test_marking_feedback_says_how_many(client, staff_editor, action, said, status):
    rows = [
        Feedback.objects.create(name="Ama", email="ama@example.org", message=text)
        for text in ("The map is out of date.", "A typo in the headline.")
    ]
    client.force_login(staff_editor)
    response = client.post(
        reverse("admin:audience_feedback_changelist"),
        {"action": action, "_selected_action": [f.pk for f in rows]},
        follow=True,
    )
    assert said in response.content.decode()
    assert set(Feedback.objects.values_list("status", flat=True)) == {status}


def test_marking_one_message_says_one(client, staff_editor):
    one = Feedback.objects.create(name="Kofi", email="k@example.org", message="Hi.")
    client.force_login(staff_editor)
    response = client.post(
        reverse("admin:audience_feedback_changelist"),
        {"action": "mark_read", "_selected_action": [one.pk]},
        follow=True,
    )
    assert "1 feedback message marked as read." in response.content.decode()
