"""The desk's one-time messages ("Saved.") with the storage built on first use
(wiredesk.middleware.LazyMessageMiddleware)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.functional import empty

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data, signed_in

pytestmark = pytest.mark.django_db


def test_a_saved_message_shows_once_after_the_redirect(client, editor, article):
    """The save redirects; the next page says "Saved." and the one after does not."""
    signed_in(client, editor)
    edit = reverse("desk:edit", args=[article.pk])
    response = client.post(edit, edit_data(article, headline="Rain in the Sahel"))
    assert response.status_code == 302
    shown = client.get(response.url).content.decode()
    assert "Saved." in shown
    assert "Saved." not in client.get(response.url).content.decode()


def test_reader_pages_in_between_keep_the_message(client, editor, article):
    """A public page opened between the save and the desk neither shows nor
    drops the message, and sets no cookie for it."""
    signed_in(client, editor)
    edit = reverse("desk:edit", args=[article.pk])
    response = client.post(edit, edit_data(article, headline="Rain in the Sahel"))
    public = client.get(reverse("reader:latest"))
    assert public.status_code == 200
    assert "Saved." not in public.content.decode()
    assert "messages" not in public.cookies
    assert "Saved." in client.get(response.url).content.decode()


def test_an_anonymous_page_builds_no_message_storage(client, article):
    """Readers' requests never touch the storage: nothing is built or saved."""
    response = client.get(reverse("reader:latest"))
    assert response.status_code == 200
    assert "messages" not in response.cookies
    assert response.wsgi_request._messages._wrapped is empty
