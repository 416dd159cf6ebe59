"""The body as writers type it and editors read it: typed paragraphs stay
paragraphs, and an agency's body shows one block a line in the textarea."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data
from wiredesk.desk.models import Article, Author

pytestmark = pytest.mark.django_db


def textarea(page: str) -> str:
    """The body's textarea as the editor sees it (what the browser would show)."""
    raw = re.search(r'<textarea name="body_html"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(raw.group(1)).lstrip("\n")


def test_typed_paragraphs_are_paragraphs_on_the_page(client, writer):
    """Blank-line separated text becomes paragraphs; a single newline is a line
    break; markup typed in it is still sanitised."""
    client.force_login(writer)
    author = Author.objects.create(name="Ama Mensah", role="Columnist")
    body = (
        "Budgets decide who gets water.\r\n\r\n"
        "Q: Who pays?\r\nA: <em>Everyone</em>, in the end.\r\n\r\n\r\n"
        "<script>alert(1)</script>The rest is politics."
    )
    response = client.post(
        reverse("desk:write"),
        {
            "kind": "opinion",
            "author": author.pk,
            "headline": "Water is a budget line, not a miracle",
            "body_html": body,
        },
    )
    assert response.status_code == 302
    piece = Article.objects.get(kind="opinion")
    assert piece.body_html == (
        "<p>Budgets decide who gets water.</p>\n"
        "<p>Q: Who pays?<br>A: <em>Everyone</em>, in the end.</p>\n"
        "<p>The rest is politics.</p>"
    )


def test_an_agency_body_shows_a_block_a_line_and_saves_unchanged(
    client, editor, article
):
    """The stored one-line body shows with a newline after each paragraph; saved
    as shown it is no edit (the stored body and its overrides stay as they were)."""
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    shown = textarea(client.get(url).content.decode())
    assert shown == "<p>The rain came on Tuesday.</p>\n<p>Planting has begun.</p>"

    stored = Article.objects.get(pk=article.pk)
    data = edit_data(stored, headline="Rains return to the whole Sahel")
    data["body_html"] = shown.replace("\n", "\r\n")
    assert client.post(url, data).status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert saved.body_html == article.body_html
    assert "body_html" not in (saved.overridden_fields or [])


def test_a_paragraph_typed_under_agency_copy_joins_it(client, editor, article):
    """An editor adds a paragraph as text after a blank line: it is a paragraph
    of its own; the body is stored as the editor left it, a block a line."""
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    shown = textarea(client.get(url).content.decode())
    data = edit_data(article, body_html=shown + "\n\nSeed is short in the north.")
    assert client.post(url, data).status_code == 302
    assert Article.objects.get(pk=article.pk).body_html == (
        "<p>The rain came on Tuesday.</p>\n<p>Planting has begun.</p>\n"
        "<p>Seed is short in the north.</p>"
    )


def test_blank_lines_inside_pre_stay_its_own(client, editor, article):
    """Text typed inside <pre> keeps its blank lines and gets no paragraphs."""
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    body = "<pre>rainfall\n\n  12 mm\n\n  30 mm</pre>\n\nThe table is provisional."
    assert client.post(url, edit_data(article, body_html=body)).status_code == 302
    assert Article.objects.get(pk=article.pk).body_html == (
        "<pre>rainfall\n\n  12 mm\n\n  30 mm</pre>\n<p>The table is provisional.</p>"
    )
