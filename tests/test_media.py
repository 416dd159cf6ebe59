"""Uploaded files (lead images, author photos) are served at MEDIA_URL."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_uploaded_lead_image_is_served(client, media_root):
    """A file the desk uploaded comes back at the URL the pages print for it."""
    name = default_storage.save("lead/flood.png", ContentFile(b"\x89PNG fake image"))
    response = client.get(default_storage.url(name))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG fake image"


def test_paths_outside_the_media_folder_are_refused(client, media_root):
    """A crafted path cannot read files beside the media folder."""
    (media_root.parent / "secret.txt").write_text("not for readers")
    for path in ("/media/../secret.txt", "/media/%2e%2e/secret.txt"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert b"not for readers" not in response.content
