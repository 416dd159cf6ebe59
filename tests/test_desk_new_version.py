"""An agency's new version of a field an editor set waits on the article
(``pending_update``); the desk must surface it: the default queue lists the
article, marked, and the dashboard counts it. Otherwise the live page keeps the
editor's 23 dead while the agency now says 31, and no one on the desk sees it.

Items go the production path (store -> stories -> drafting -> desk), as in
tests/test_desk_agency.py.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.test_desk_agency import wire  # noqa: F401 - fixture
from tests.test_desk_fixtures import *  # noqa: F403
from wiredesk.desk import workflow
from wiredesk.desk.models import Article

pytestmark = pytest.mark.django_db
HEADLINE = "Zambia reports 23 cholera deaths as outbreak spreads in Lusaka"
BODY = (
    "LUSAKA (Coastal) - Zambia's health ministry has recorded 23 deaths and 1,180 "
    "suspected cases, its director of disease surveillance said.\n\n"
    "Teams were treating shallow wells in Kanyama and Matero."
)
UPDATED = "Zambia cholera deaths rise to 31, suspected cases top 1,400"


@pytest.fixture
def overridden(wire, editor) -> Article:  # noqa: F811
    """A published article whose headline the editor set, then an agency update
    with a new headline: the editor's stays live, the agency's waits."""
    article = wire(headline=HEADLINE, body=BODY)
    assert article.status == Article.Status.PUBLISHED
    article.headline = "Cholera kills 23 in Lusaka"
    workflow.save_edit(
        article,
        user=editor,
        expected_version=article.lock_version,
        changed=["headline"],
    )
    article = wire(
        headline=f"UPDATE 1-{UPDATED}",
        body=BODY.replace("23 deaths", "31 deaths"),
        hours=3,
    )
    assert article.headline == "Cholera kills 23 in Lusaka"
    assert article.pending_update == {"headline": UPDATED}
    return article


def rows(page: str) -> list[str]:
    return re.findall(r"<tr class=\"[^\"]*\">.*?</tr>", page, re.S)


def test_the_default_queue_lists_an_article_with_a_new_agency_version(
    client, editor, overridden
):
    """The published, unflagged article is in the queue an editor opens, marked
    as holding a new version; so is it under the queue's own "new version" state,
    and it leaves the queue once the editor applies the agency's version."""
    client.force_login(editor)
    page = client.get(reverse("desk:queue")).content.decode()
    listed = [row for row in rows(page) if "Cholera kills 23 in Lusaka" in row]
    assert len(listed) == 1, page
    assert "New version" in listed[0]
    assert "New agency version available" in listed[0]

    only = client.get(reverse("desk:queue"), {"state": "new_version"}).content.decode()
    assert "Cholera kills 23 in Lusaka" in only

    client.post(
        reverse("desk:apply-update", args=[overridden.pk]),
        {"lock_version": Article.objects.get(pk=overridden.pk).lock_version},
    )
    page = client.get(reverse("desk:queue")).content.decode()
    assert "Cholera kills 23" not in page and UPDATED not in page


def test_the_dashboard_counts_articles_with_a_new_agency_version(
    client, editor, overridden
):
    """The desk home counts it, with a link to the queue listing them."""
    client.force_login(editor)
    page = client.get(reverse("desk:home")).content.decode()
    found = re.search(r'<a href="([^"]*)"><strong>(\d+)</strong> New version</a>', page)
    assert found, page
    assert found.group(2) == "1"
    listed = client.get(found.group(1).replace("&amp;", "&")).content.decode()
    assert "Cholera kills 23 in Lusaka" in listed


def test_a_draft_without_a_new_version_is_not_marked(client, editor, wire):  # noqa: F811
    """Only articles holding an agency version are marked: a plain update of an
    untouched article follows the agency at once and waits for no one."""
    article = wire(headline=HEADLINE, body=BODY)
    wire(headline=f"UPDATE 1-{UPDATED}", body=BODY, hours=1)
    client.force_login(editor)
    page = client.get(reverse("desk:queue"), {"state": "published"}).content.decode()
    assert UPDATED in page and "New version</span>" not in page
    assert Article.objects.get(pk=article.pk).pending_update == {}
