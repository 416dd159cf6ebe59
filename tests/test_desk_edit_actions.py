"""The edit page's workflow buttons save what was typed, and an agency's new
version can be refused ("Keep my version").

Before, "Publish now" and "Schedule" were forms of their own posting only the
action: an editor's new headline was lost and the old one published, and a go-live
time typed beside the button was never sent, so "Schedule" always failed.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_desk_agency import wire  # noqa: F401 - fixture
from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_new_version import BODY, UPDATED, overridden  # noqa: F401
from tests.test_desk_views import edit_data
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog

pytestmark = pytest.mark.django_db
S = Article.Status


def edit_form(page: str) -> str:
    """The edit form's HTML, as a browser would submit it."""
    found = re.search(
        r'<form method="post" enctype="multipart/form-data" class="edit">'
        r".*?</form>",
        page,
        re.S,
    )
    assert found, page
    return found.group(0)


def later(hours: int = 2) -> str:
    """A go-live time as the datetime-local field sends it."""
    when = timezone.localtime(timezone.now() + timedelta(hours=hours))
    return when.strftime("%Y-%m-%dT%H:%M")


def test_workflow_buttons_submit_the_edit_form(client, editor, article):
    """ "Publish now" and "Schedule" are buttons of the edit form, after Save (so
    Enter in a field still saves), not forms posting the action alone."""
    client.force_login(editor)
    page = client.get(reverse("desk:edit", args=[article.pk])).content.decode()
    form = edit_form(page)
    save = form.index(">Save</button>")
    for name, label in [("publish", "Publish now"), ("schedule", "Schedule")]:
        button = f'name="action" value="{name}"'
        assert button in form and label in form
        assert form.index(button) > save
    assert 'name="action"' not in page.replace(form, "")
    assert "csrfmiddlewaretoken" in form


def test_publish_now_publishes_the_headline_just_typed(client, editor, article):
    client.force_login(editor)
    url = reverse("desk:edit", args=[article.pk])
    typed = "Rains return to the Sahel after a four-month dry spell"
    response = client.post(
        url, edit_data(article, headline=typed, action="publish"), follow=True
    )
    saved = Article.objects.get(pk=article.pk)
    assert saved.status == S.PUBLISHED and saved.live
    assert saved.headline == typed
    assert "headline" in saved.overridden_fields
    assert saved.revisions.first().snapshot["headline"] == typed
    actions = list(
        AuditLog.objects.filter(target_id=article.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["edit", "publish"]
    page = response.content.decode()
    assert "Saved." in page and "Publish now: done." in page


def test_schedule_takes_the_go_live_time_and_body_typed_beside_it(
    client, editor, article
):
    client.force_login(editor)
    body = "<p>The rain came on Tuesday night.</p><p>Planting has begun.</p>"
    client.post(
        reverse("desk:edit", args=[article.pk]),
        edit_data(article, body_html=body, go_live_at=later(), action="schedule"),
    )
    saved = Article.objects.get(pk=article.pk)
    assert saved.status == S.SCHEDULED and not saved.live
    assert saved.body_html == body
    assert saved.go_live_at > timezone.now()


def test_schedule_without_a_go_live_time_keeps_the_typed_text(client, editor, article):
    """Nothing saved, nothing scheduled; the form comes back with the editor's text
    and the reason, instead of a message and a blank form."""
    client.force_login(editor)
    body = "<p>The rain came on Tuesday night.</p>"
    response = client.post(
        reverse("desk:edit", args=[article.pk]),
        edit_data(article, body_html=body, action="schedule"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The rain came on Tuesday night." in edit_form(page)
    assert "Set a go-live time in the future." in page
    saved = Article.objects.get(pk=article.pk)
    assert saved.status == S.DRAFT and saved.body_html == article.body_html
    assert saved.lock_version == article.lock_version


def test_invalid_form_is_neither_saved_nor_published(client, editor, article):
    client.force_login(editor)
    response = client.post(
        reverse("desk:edit", args=[article.pk]),
        edit_data(
            article,
            headline="",
            standfirst="Farmers in four countries welcome the rain.",
            action="publish",
        ),
    )
    assert response.status_code == 400
    assert "Farmers in four countries" in edit_form(response.content.decode())
    saved = Article.objects.get(pk=article.pk)
    assert saved.status == S.DRAFT and not saved.live
    assert saved.standfirst == article.standfirst
    assert not AuditLog.objects.filter(target_id=article.pk).exists()


def test_a_stale_form_meets_the_conflict_page_and_nothing_is_published(
    client, editor, second_editor, article
):
    opened = article.lock_version
    article.standfirst = "Farmers in three countries welcome the first rain."
    workflow.save_edit(
        article, user=second_editor, expected_version=opened, changed=["standfirst"]
    )
    client.force_login(editor)
    response = client.post(
        reverse("desk:edit", args=[article.pk]),
        edit_data(article, headline="Sahel rains", lock_version=opened)
        | {"action": "publish"},
    )
    assert response.status_code == 409
    assert "Someone else saved this article first" in response.content.decode()
    saved = Article.objects.get(pk=article.pk)
    assert saved.status == S.DRAFT and saved.headline == article.headline


def test_a_writer_cannot_publish_through_the_edit_form(client, writer):
    piece = Article.objects.create(
        kind=Article.Kind.OPINION,
        headline="Why the rains matter",
        standfirst="A column.",
        body_html="<p>Text.</p>",
    )
    client.force_login(writer)
    url = reverse("desk:edit", args=[piece.pk])
    forged = client.post(url, edit_data(piece, headline="Changed", action="publish"))
    assert forged.status_code == 403
    saved = Article.objects.get(pk=piece.pk)
    assert saved.status == S.DRAFT and saved.headline == "Why the rains matter"
    # Submit for review is theirs: the edit is saved and the piece submitted.
    client.post(url, edit_data(piece, headline="Why rain matters", action="submit"))
    saved = Article.objects.get(pk=piece.pk)
    assert saved.status == S.IN_REVIEW and saved.headline == "Why rain matters"


def test_publish_with_nothing_edited_is_the_step_alone(client, editor, article):
    """The form sent untouched (a browser's CRLF newlines included) is no edit: no
    revision, no override, just the step, as before."""
    client.force_login(editor)
    article.standfirst = "Farmers welcome the rain.\nPlanting has begun."
    article.save()
    data = edit_data(
        article,
        standfirst="Farmers welcome the rain.\r\nPlanting has begun.\r\n",
        action="publish",
    )
    client.post(reverse("desk:edit", args=[article.pk]), data)
    saved = Article.objects.get(pk=article.pk)
    assert saved.status == S.PUBLISHED
    assert saved.revisions.count() == article.revisions.count()
    assert saved.overridden_fields in ([], None)
    assert list(
        AuditLog.objects.filter(target_id=article.pk).values_list("action", flat=True)
    ) == ["publish"]


def test_publish_with_an_edit_keeps_crlf_text_as_stored(client, editor, article):
    """Only the field typed in becomes the editor's: the CRLF copy of an untouched
    one is stored as it was, as by a plain Save."""
    article.standfirst = "Farmers welcome the rain.\nPlanting has begun."
    article.save()
    client.force_login(editor)
    data = edit_data(
        article,
        headline="Sahel rains return",
        standfirst="Farmers welcome the rain.\r\nPlanting has begun.",
        action="publish",
    )
    client.post(reverse("desk:edit", args=[article.pk]), data)
    saved = Article.objects.get(pk=article.pk)
    assert saved.status == S.PUBLISHED and saved.headline == "Sahel rains return"
    assert saved.standfirst == "Farmers welcome the rain.\nPlanting has begun."
    assert saved.overridden_fields == ["headline"]


# -- "Keep my version" -----------------------------------------------------------


def test_keep_my_version_clears_the_new_version_row(
    client,
    editor,
    overridden,  # noqa: F811
    wire,  # noqa: F811
):
    client.force_login(editor)
    url = reverse("desk:edit", args=[overridden.pk])
    page = client.get(url).content.decode()
    assert "Keep my version" in page
    queue = reverse("desk:queue") + "?state=new_version"
    assert overridden.headline in client.get(queue).content.decode()

    response = client.post(
        reverse("desk:apply-update", args=[overridden.pk]),
        {"lock_version": overridden.lock_version, "choice": "keep"},
        follow=True,
    )
    assert "Your version kept." in response.content.decode()
    kept = Article.objects.get(pk=overridden.pk)
    assert kept.headline == "Cholera kills 23 in Lusaka"
    assert kept.pending_update == {}
    assert "headline" in kept.overridden_fields
    assert "New version available" not in client.get(url).content.decode()
    assert overridden.headline not in client.get(queue).content.decode()
    entry = AuditLog.objects.get(action="keep-version")
    assert entry.username == "eddie" and "headline" in entry.note

    # The agency's next change to the headline is offered again.
    again = wire(
        headline="UPDATE 2-Zambia cholera deaths rise to 40",
        body=BODY.replace("23 deaths", "40 deaths"),
        hours=5,
    )
    assert again.headline == "Cholera kills 23 in Lusaka"
    assert again.pending_update


def test_keep_my_version_is_locked_and_for_editors(
    client,
    editor,
    writer,
    overridden,  # noqa: F811
):
    url = reverse("desk:apply-update", args=[overridden.pk])
    client.force_login(writer)
    forbidden = client.post(
        url, {"lock_version": overridden.lock_version, "choice": "keep"}
    )
    assert forbidden.status_code == 403
    client.force_login(editor)
    stale = client.post(
        url,
        {"lock_version": overridden.lock_version - 1, "choice": "keep"},
        follow=True,
    )
    assert "The article changed meanwhile" in stale.content.decode()
    assert Article.objects.get(pk=overridden.pk).pending_update == {"headline": UPDATED}
