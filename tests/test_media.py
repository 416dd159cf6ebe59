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


def test_a_file_that_could_run_is_never_served_as_a_page(client, media_root):
    """An HTML or SVG file under /media/ (however it got there) downloads inside a
    sandbox instead of running on the site's origin; images display normally."""
    default_storage.save("lead/x.html", ContentFile(b"<script>alert(1)</script>"))
    default_storage.save("lead/x.svg", ContentFile(b"<svg onload='alert(1)'/>"))
    for name in ("lead/x.html", "lead/x.svg"):
        response = client.get(f"/media/{name}")
        assert response["Content-Disposition"] == "attachment", name
        assert response["Content-Security-Policy"].startswith("sandbox")
    default_storage.save("lead/ok.png", ContentFile(b"\x89PNG\r\n\x1a\nrest"))
    response = client.get("/media/lead/ok.png")
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "name, content, accepted",
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n....", True),
        ("photo.jpg", b"\xff\xd8\xff\xe0....", True),
        ("photo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", True),
        ("photo.html", b"\x89PNG\r\n\x1a\n....", False),  # name of a page
        ("photo.png", b"<svg onload='alert(1)'/>", False),  # content of a page
        ("photo.svg", b"<svg/>", False),
    ],
)
def test_only_raster_images_are_accepted_as_uploads(name, content, accepted):
    """Lead images and author photos must be JPEG, PNG, GIF or WebP, by name and by
    content, and the refusal names the file."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wiredesk.desk.models import Article

    field = Article._meta.get_field("lead_image")
    upload = SimpleUploadedFile(name, content)
    if accepted:
        for validator in field.validators:
            validator(upload)
    else:
        with pytest.raises(ValidationError) as caught:
            for validator in field.validators:
                validator(upload)
        assert name in " ".join(caught.value.messages) or "extension" in str(
            caught.value
        )
