"""A desk save that changes nothing is not an edit; a list changed in place is.

Browsers send a textarea's newlines as CRLF (the HTML spec's form submission), so
an article opened in the desk and saved untouched comes back with ``\\r\\n`` where
it had ``\\n``. That must not count as the editor overriding the agency's text,
or the agency's later versions stop reaching the article.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.forms import CheckboxInput, FileField, SelectMultiple, Textarea
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_distribution_links import make_article
from tests.test_overrides import article_of, poll, wire  # noqa: F401 (a fixture)
from wiredesk.demo import content
from wiredesk.demo.setup import register_sources
from wiredesk.desk.forms import ArticleForm
from wiredesk.desk.models import Article
from wiredesk.drafting.models import Draft

pytestmark = pytest.mark.django_db


def as_browser_posts(article: Article, **changes) -> dict:
    """The desk edit form as a browser posts it: every field as rendered, each
    textarea's newlines sent as CRLF."""
    form = ArticleForm(instance=article)
    data: dict = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = field.widget
        if isinstance(field, FileField) or value is None:
            continue
        if isinstance(widget, CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(widget, SelectMultiple):
            data[name] = [str(v) for v in value]
        else:
            value = widget.format_value(value)
            if value is not None:
                data[name] = value
    data |= changes
    for name, field in form.fields.items():
        if isinstance(field.widget, Textarea) and isinstance(data.get(name), str):
            data[name] = data[name].replace("\r\n", "\n").replace("\n", "\r\n")
    return data


def save_in_desk(client, article: Article, **changes) -> None:
    response = client.post(
        reverse("desk:edit", args=[article.pk]), as_browser_posts(article, **changes)
    )
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.fixture
def agency_article(wire, django_capture_on_commit_callbacks):  # noqa: F811
    """The demo's agency story that gets an update, as first drafted; and a way to
    send the update."""
    sources = register_sources(wire)
    poll(sources, django_capture_on_commit_callbacks)
    article = article_of(content.UPDATED_GUID)
    # One paragraph a line, as an agency that sends its HTML so formatted gives it:
    # newlines a browser sends back as CRLF.
    lines = article.body_html.replace("</p><p>", "</p>\n<p>")
    assert lines.count("\n") >= 2
    Article.objects.filter(pk=article.pk).update(body_html=lines)
    Draft.objects.filter(story=article.story_id).update(body_html=lines)
    article.refresh_from_db()

    def send_update() -> Article:
        wire.started -= 3600  # the agency's UPDATE 1 is now out
        poll(sources, django_capture_on_commit_callbacks)
        return article_of(content.UPDATED_GUID)

    article.send_update = send_update
    return article


def test_saving_an_agency_article_unchanged_keeps_it_following_the_agency(
    client, editor, agency_article
):
    """Opened and saved in the desk without a change (CRLF newlines, a trailing
    space and blank line as a browser or editor may add): no field is taken as the
    editor's, nothing readers see changed, and the agency's update reaches the body,
    headline and standfirst."""
    article = agency_article
    revisions = article.revisions.count()
    client.force_login(editor)
    body = article.body_html.replace("\n", "  \n") + "\n\n"
    save_in_desk(
        client,
        article,
        body_html=body,
        standfirst=article.standfirst + " \n",
        headline=article.headline + " ",
    )
    saved = Article.objects.get(pk=article.pk)
    # Nothing changed, nothing saved: no revision (test_desk_r2fix_nochange).
    assert saved.revisions.count() == revisions
    assert saved.overridden_fields == []
    assert not saved.desk_edited
    assert saved.body_html == article.body_html  # as it was: no "\r" stored
    assert saved.standfirst == article.standfirst
    assert saved.changed_at == article.changed_at

    after = article.send_update()
    assert "31" in after.body_html and "31" not in article.body_html
    assert after.body_html == after.story.draft.body_html
    assert after.headline == after.story.draft.headline
    assert after.standfirst == after.story.draft.standfirst
    assert not after.pending_update


def test_a_word_changed_in_the_desk_is_kept_through_the_agency_update(
    client, editor, agency_article
):
    """An editor's real change, sent with CRLF newlines, is the editor's: the body
    stays as the editor left it (with plain newlines) when the agency updates."""
    article = agency_article
    first = article.body_html.split("\n", 1)[0]
    word = next(w for w in first.split() if w.isalpha() and len(w) > 3)
    edited = article.body_html.replace(word, "EDITORSWORD", 1)
    client.force_login(editor)
    save_in_desk(client, article, body_html=edited)
    saved = Article.objects.get(pk=article.pk)
    assert saved.overridden_fields == ["body_html"]
    assert saved.desk_edited
    assert saved.body_html == edited and "\r" not in saved.body_html

    after = article.send_update()
    assert after.body_html == edited
    assert "31" not in after.body_html
    assert "body_html" in after.pending_update  # offered to the editor instead


def test_an_agency_added_in_place_moves_changed_at(db):
    """Appending to the loaded agencies list changes the credit line readers see,
    so the save moves the article's last change."""
    article = make_article("Bridge reopens", published_ago=timedelta(hours=1))
    Article.objects.filter(pk=article.pk).update(agencies=["Meridian Press Agency"])
    stored = Article.objects.get(pk=article.pk)
    before = stored.credit_line
    stored.agencies.append("Northwind Wire")
    assert stored.credit_line != before
    stored.save()
    assert Article.objects.get(pk=article.pk).changed_at is not None

    again = Article.objects.get(pk=article.pk)
    first = again.changed_at
    again.agencies.remove("Northwind Wire")
    again.save(update_fields=["agencies"])
    assert Article.objects.get(pk=article.pk).changed_at > first
