"""Authors in the desk: an editor adds and edits the writers shown in author boxes."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import signed_in
from wiredesk.desk.models import Article, AuditLog, Author, Brief

# The smallest PNG there is: one transparent pixel.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_editor_adds_an_author_and_changes_their_role(client, editor, media):
    """Saving an author answered "Something went wrong" and saved nothing: the
    audit entry could not hold the photo field (found by the desk walk-through)."""
    signed_in(client, editor)
    response = client.post(
        reverse("desk:author-new"),
        {"name": "Amina Diallo", "role": "Columnist", "bio": "Writes on water."},
    )
    assert response.status_code == 302
    author = Author.objects.get(name="Amina Diallo")
    response = client.post(
        reverse("desk:author-edit", args=[author.pk]),
        {"name": "Amina Diallo", "role": "Water editor", "bio": "Writes on water."},
    )
    assert response.status_code == 302
    assert Author.objects.get(pk=author.pk).role == "Water editor"
    entries = AuditLog.objects.filter(target_type="author", target_id=author.pk)
    assert [e.action for e in entries.order_by("pk")] == ["create", "edit"]
    edit = entries.get(action="edit")
    assert (edit.before["role"], edit.after["role"]) == ("Columnist", "Water editor")


def test_an_author_s_photo_is_saved_and_logged_by_its_file_name(client, editor, media):
    signed_in(client, editor)
    photo = SimpleUploadedFile("amina.png", PIXEL, content_type="image/png")
    response = client.post(
        reverse("desk:author-new"),
        {"name": "Amina Diallo", "role": "Columnist", "bio": "", "photo": photo},
    )
    assert response.status_code == 302
    author = Author.objects.get(name="Amina Diallo")
    assert author.photo.name.endswith(".png")
    entry = AuditLog.objects.get(target_type="author", target_id=author.pk)
    assert entry.after["photo"] == author.photo.name


def test_the_audit_log_shows_a_false_or_zero_value_as_it_is(client, editor, article):
    """ "live: – → True" hid that the article was not live before."""
    signed_in(client, editor)
    AuditLog.objects.create(
        username="eddie",
        action="publish",
        target_type="article",
        target_id=article.pk,
        target_repr=str(article),
        before={"live": False, "attention": 0},
        after={"live": True, "attention": 2},
    )
    page = client.get(reverse("desk:audit")).content.decode()
    assert "False → True" in page and "0 → 2" in page
    assert isinstance(article, Article)


def test_a_brief_s_audit_entry_says_what_it_read_before_the_edit(client, editor):
    """The entry's "before" was read after validation had written the new text to
    the brief: before and after were the same."""
    signed_in(client, editor)
    client.post(reverse("desk:brief-new"), {"text": "Rains return to the Sahel."})
    brief = Brief.objects.get()
    client.post(
        reverse("desk:brief-edit", args=[brief.pk]),
        {"text": "Rains return to the western Sahel."},
    )
    edit = AuditLog.objects.get(target_type="brief", action="edit")
    assert edit.before["text"] == "Rains return to the Sahel."
    assert edit.after["text"] == "Rains return to the western Sahel."


def test_a_pin_whose_article_was_unpublished_says_it_is_not_shown(client, editor):
    """The home page skips a pinned article that was unpublished; the curation page
    listed it as #1 as if it were shown (found by the desk walk-through)."""
    signed_in(client, editor)
    kept, dropped = (
        Article.objects.create(headline=h, status="published", live=True)
        for h in ("Kept story", "Dropped story")
    )
    for article in (kept, dropped):
        client.post(reverse("desk:pins"), {"op": "add", "article": article.pk})
    dropped.status = Article.Status.UNPUBLISHED
    dropped.live = False
    dropped.save()
    page = client.get(reverse("desk:pins")).content.decode()
    rows = re.findall(r"<li><span class=\"pin-headline\">(.*?)</li>", page, re.S)
    assert len(rows) == 2
    assert "Not shown" not in rows[0] and rows[0].startswith("Kept story")
    assert rows[1].startswith("Dropped story") and "Not shown" in rows[1]
