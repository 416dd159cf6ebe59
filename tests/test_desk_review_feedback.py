"""Reader feedback reaches the desk: editors read it and mark it handled, admins
also run subscribers; the desk menu links it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_fixtures import make_user
from wiredesk.audience.models import Feedback, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback(db) -> Feedback:
    return Feedback.objects.create(
        name="Ama", email="ama@example.org", message="The cholera map is out of date."
    )


@pytest.fixture
def staff_editor(editor):
    editor.is_staff = True
    editor.save()
    return editor


def test_editor_reads_feedback_from_the_desk_menu(client, staff_editor, feedback):
    """The desk menu links the feedback list; it shows the message, and opening
    it marks it read."""
    client.force_login(staff_editor)
    home = client.get(reverse("desk:home")).content.decode()
    listing = reverse("admin:audience_feedback_changelist")
    assert f'href="{listing}">Feedback</a>' in home
    page = client.get(listing)
    assert page.status_code == 200
    assert "The cholera map is out of date." in page.content.decode()
    opened = client.get(reverse("admin:audience_feedback_change", args=[feedback.pk]))
    assert opened.status_code == 200
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.READ


def test_editor_marks_feedback_answered(client, staff_editor, feedback):
    """The list's 'Mark as answered' action works for an editor."""
    client.force_login(staff_editor)
    response = client.post(
        reverse("admin:audience_feedback_changelist"),
        {"action": "mark_answered", "_selected_action": [feedback.pk]},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED


def test_editor_cannot_see_subscribers_but_an_admin_can(
    client, staff_editor, django_user_model
):
    """Subscribers' addresses are for admins only."""
    Subscriber.objects.create(email="reader@example.org")
    url = reverse("admin:audience_subscriber_changelist")
    client.force_login(staff_editor)
    assert client.get(url).status_code == 403
    admin = make_user(django_user_model, "ada", "admin")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    page = client.get(url)
    assert page.status_code == 200 and "reader@example.org" in page.content.decode()


def test_writer_has_no_feedback_link(client, django_user_model):
    """A writer's menu does not offer a page that would refuse them."""
    writer = make_user(django_user_model, "wendy", "writer")
    writer.is_staff = True
    writer.save()
    client.force_login(writer)
    home = client.get(reverse("desk:home")).content.decode()
    assert reverse("admin:audience_feedback_changelist") not in home


def test_migrate_gives_an_existing_install_the_new_permissions():
    """An install whose editor group predates the feedback permissions gets them
    at its next `migrate` (the roles are kept in step after every migrate)."""
    editors = Group.objects.get(name="editor")
    editors.permissions.remove(
        *editors.permissions.filter(content_type__app_label="audience")
    )
    call_command("migrate", interactive=False, verbosity=0)
    codenames = set(
        Group.objects.get(name="editor")
        .permissions.filter(content_type__app_label="audience")
        .values_list("codename", flat=True)
    )
    assert codenames == {"view_feedback", "change_feedback"}
