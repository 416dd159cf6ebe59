"""An edit's audit entry says what changed, shortly (found by the desk
walk-through: an edit's entry recorded only the lock version)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data
from wiredesk.desk import audit, workflow
from wiredesk.desk.models import Article, AuditLog

pytestmark = pytest.mark.django_db

WORDS = " ".join(f"word{i}" for i in range(60))


def test_an_edit_s_entry_names_each_changed_field_with_short_values(
    client, editor, article
):
    """Headline, standfirst, dateline, countries and sector as they were and are;
    the body as its word count and the words where it first differs; fields the
    edit left alone are not in the entry."""
    client.force_login(editor)
    body = "<p>The rain came on Wednesday night.</p><p>Planting has begun.</p>"
    client.post(
        reverse("desk:edit", args=[article.pk]),
        edit_data(
            article,
            headline="Rains return to the Sahel",
            standfirst="Farmers in four countries welcome the rain.",
            body_html=body,
            dateline="Bamako",
            countries=["ML", "NE"],
            sector="agriculture-food",
        ),
    )
    entry = AuditLog.objects.get(action="edit", target_id=article.pk)
    changed = {k for k in entry.after if entry.before.get(k) != entry.after[k]}
    assert changed == {
        "headline",
        "standfirst",
        "body_html",
        "dateline",
        "countries",
        "sector",
        "lock_version",
    }
    assert (entry.before["dateline"], entry.after["dateline"]) == ("Niamey", "Bamako")
    assert entry.after["countries"] == "ML, NE" and entry.before["countries"] == ""
    assert (entry.before["sector"], entry.after["sector"]) == (None, "agriculture-food")
    assert entry.before["body_html"] == (
        "8 words; from word 5: «…Tuesday. Planting has begun.»"
    )
    assert entry.after["body_html"] == (
        "9 words (+1); from word 5: «…Wednesday night. Planting has begun.»"
    )
    assert "byline" not in entry.after and "<p>" not in str(entry.after)

    page = client.get(reverse("desk:audit")).content.decode()
    assert (
        "<strong>Dateline</strong>: Niamey → Bamako" in page
        and "<strong>Countries</strong>: – → ML, NE" in page
        and "<strong>Body</strong>: 8 words; from word 5: «…Tuesday." in page
        and "Farmers in three countries welcome the first rain in months. → "
        "Farmers in four countries welcome the rain."
        in page
    )


def test_a_long_text_is_cut_to_the_words_around_its_first_change(editor, article):
    """A standfirst past 120 characters is not kept whole: its word count and ten
    words from the first that differs, each side marked where it was cut."""
    article.standfirst = WORDS
    article.save()
    article = Article.objects.get(pk=article.pk)
    article.standfirst = WORDS.replace("word40", "changed40")
    workflow.save_edit(
        article,
        user=editor,
        expected_version=article.lock_version,
        changed=["standfirst"],
    )
    entry = AuditLog.objects.get(action="edit")
    assert entry.before["standfirst"] == (
        "60 words; from word 41: «…word40 word41 word42 word43 word44 word45 "
        "word46 word47 word48 word49…»"
    )
    assert entry.after["standfirst"].startswith(
        "60 words (+0); from word 41: «…changed40 word41"
    )


def test_markup_only_changes_and_workflow_steps(editor, article):
    """A body whose words stay but markup changes says so; a workflow step's
    entry keeps only the workflow state, with no copy of the text."""
    article = Article.objects.get(pk=article.pk)
    article.body_html = article.body_html.replace("<p>", "<h2>", 1).replace(
        "</p>", "</h2>", 1
    )
    workflow.save_edit(
        article, user=editor, expected_version=article.lock_version, changed=[]
    )
    entry = AuditLog.objects.get(action="edit")
    assert entry.before["body_html"] == "8 words"
    assert entry.after["body_html"].endswith(
        "the same words, markup or spacing changed"
    )
    workflow.transition(article, "publish", editor)
    published = AuditLog.objects.get(action="publish")
    assert set(published.after) == set(audit.ARTICLE_STATE)
    assert set(published.before) == set(audit.ARTICLE_STATE)
