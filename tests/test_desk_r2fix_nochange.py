"""A plain Save of the edit page with nothing changed saves nothing.

A desk review found it audited as an edit ("Version: 0 → 1"), written as a
revision, and the lock bumped, so another editor's open form met a conflict
over nothing.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.test_desk_edit_actions import edit_form
from tests.test_desk_fixtures import *  # noqa: F403
from wiredesk.desk.models import Article, AuditLog

pytestmark = pytest.mark.django_db


class _Fields(HTMLParser):
    """What a browser submits for a form: text inputs, ticked boxes, textareas
    and selected options (files left empty)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def as_shown(client, article: Article) -> dict[str, list[str]]:
    """The edit form as the page shows it, the textareas' newlines as CRLF."""
    page = client.get(reverse("desk:edit", args=[article.pk])).content.decode()
    parser = _Fields()
    parser.feed(edit_form(page))
    data = parser.data
    for name in ("headline", "standfirst", "body_html"):
        data[name] = [data[name][0].removeprefix("\n").replace("\n", "\r\n")]
    return data


def entries(article: Article) -> list[str]:
    return list(
        AuditLog.objects.filter(target_type="article", target_id=article.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_save_with_nothing_changed_saves_nothing(client, editor, article):
    article.body_html = "<p>The rain came on Tuesday.</p><h2>Fields</h2><p>Sown.</p>"
    article.save()
    client.force_login(editor)
    data = as_shown(client, article)
    assert "\r\n<h2>" in data["body_html"][0]  # one block a line, as shown
    response = client.post(reverse("desk:edit", args=[article.pk]), data, follow=True)
    assert "Nothing to save: no field changed." in response.content.decode()
    saved = Article.objects.get(pk=article.pk)
    assert saved.lock_version == article.lock_version
    assert saved.body_html == article.body_html
    assert saved.revisions.count() == 0
    assert entries(article) == []


def test_other_editors_form_still_saves_after_an_empty_save(client, editor, article):
    """The second editor's form, opened before the first's empty Save, is no
    conflict."""
    client.force_login(editor)
    theirs = as_shown(client, article)
    client.post(reverse("desk:edit", args=[article.pk]), as_shown(client, article))
    theirs["headline"] = ["Sahel rains return"]
    client.post(reverse("desk:edit", args=[article.pk]), theirs)
    saved = Article.objects.get(pk=article.pk)
    assert saved.headline == "Sahel rains return"
    assert entries(article) == ["edit"]


def test_a_changed_field_is_still_saved(client, editor, article):
    client.force_login(editor)
    data = as_shown(client, article) | {"dateline": ["Agadez"]}
    response = client.post(reverse("desk:edit", args=[article.pk]), data, follow=True)
    assert "Saved." in response.content.decode()
    saved = Article.objects.get(pk=article.pk)
    assert saved.dateline == "Agadez" and saved.lock_version == 1
    assert entries(article) == ["edit"]


def test_the_correction_tick_is_a_change(client, editor, article):
    client.force_login(editor)
    data = as_shown(client, article) | {
        "is_correction": ["on"],
        "correction": ["The rain came on Tuesday, not Monday."],
    }
    client.post(reverse("desk:edit", args=[article.pk]), data)
    saved = Article.objects.get(pk=article.pk)
    assert saved.correction_note == "The rain came on Tuesday, not Monday."
    assert entries(article) == ["correct"]


def test_the_substantive_update_tick_is_a_change(client, editor, article):
    client.force_login(editor)
    updated = Article.objects.get(pk=article.pk).updated_at
    data = as_shown(client, article) | {"moves_updated": ["on"]}
    client.post(reverse("desk:edit", args=[article.pk]), data)
    saved = Article.objects.get(pk=article.pk)
    assert saved.updated_at != updated
    assert entries(article) == ["edit"]
