"""Checks on files the desk uploads (lead images, author photos).

Uploads are served from the site's own address, so a file that a browser would run
(HTML, SVG with script) must never get in: only raster images are accepted, judged by
their first bytes as well as by their name, since a name is easily chosen.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]

_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)


def image_kind(head: bytes) -> str | None:
    """The raster format the first bytes of a file announce, None for any other."""
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return None


def validate_image_bytes(upload) -> None:
    """Refuse a file whose content is not a JPEG, PNG, GIF or WebP image."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if image_kind(head) is None:
        raise ValidationError(
            "%(name)s is not a JPEG, PNG, GIF or WebP image.",
            params={"name": getattr(upload, "name", "the file")},
            code="not_an_image",
        )


image_validators = [FileExtensionValidator(IMAGE_EXTENSIONS), validate_image_bytes]
