"""An article a merge withdrew is not sent for review either, and the queue says
where it went.

A desk review found "Submit for review" still offered on its edit page, and the
step worked: the article waited in review, where an editor would publish it
next, though publishing it is refused (test_story_editorial_republish). The
split that undoes the merge still gives it back its state (test_story_unmerge).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_desk_fixtures import make_user
from tests.test_desk_views import edit_data
from tests.test_story_editorial_republish import how_to, merged_pair
from tests.test_story_merge_articles import commit, published_pair  # noqa: F401
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def merged(run, django_user_model, commit):  # noqa: F811
    editor = make_user(django_user_model, "eddie", "editor")
    withdrawn, kept, _ = merged_pair(run, editor, commit)
    assert withdrawn.status == S.UNPUBLISHED  # a state "submit" starts from
    return editor, withdrawn, kept


def test_no_submit_button_and_the_queue_action_is_refused(client, merged):
    editor, withdrawn, kept = merged
    client.force_login(editor)
    page = client.get(reverse("desk:edit", args=[withdrawn.pk])).content.decode()
    assert 'value="submit"' not in page
    assert how_to(withdrawn, kept) in page
    response = client.post(
        reverse("desk:action", args=[withdrawn.pk]), {"action": "submit"}, follow=True
    )
    assert how_to(withdrawn, kept) in [str(m) for m in response.context["messages"]]
    withdrawn.refresh_from_db()
    assert withdrawn.status == S.UNPUBLISHED and withdrawn.merged_into_id == kept.pk
    assert not AuditLog.objects.filter(action="submit", target_id=withdrawn.pk)


def test_submit_from_the_edit_form_saves_nothing(client, merged):
    editor, withdrawn, kept = merged
    client.force_login(editor)
    data = edit_data(withdrawn, headline="A new headline", action="submit")
    response = client.post(reverse("desk:edit", args=[withdrawn.pk]), data)
    assert response.status_code == 400
    assert how_to(withdrawn, kept) in response.content.decode()
    withdrawn.refresh_from_db()
    assert withdrawn.headline != "A new headline"
    assert withdrawn.status == S.UNPUBLISHED


def test_the_workflow_refuses_it_too(merged):
    editor, withdrawn, kept = merged
    assert "submit" not in dict(workflow.allowed_actions(withdrawn, editor))
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.transition(withdrawn, "submit", editor)
    assert str(refused.value) == how_to(withdrawn, kept)


def test_the_queue_row_names_the_article_it_was_merged_into(client, merged):
    editor, _, kept = merged
    client.force_login(editor)
    page = client.get(reverse("desk:queue"), {"state": S.UNPUBLISHED}).content.decode()
    edit = reverse("desk:edit", args=[kept.pk])
    assert f'Merged into <a href="{edit}">article {kept.pk}</a>' in page
