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
from wiredesk.stories.models import Story

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


DRAFT = "Rains return to the Sahel after a dry spell"  # the ``article`` fixture's
FLAGGED = "Port strike halts cocoa exports"


@pytest.fixture
def flagged(db) -> Article:
    """A published article an agency's kill flagged for the desk."""
    return Article.objects.create(
        headline=FLAGGED,
        status=Article.Status.PUBLISHED,
        attention=Story.Priority.TOP,
        attention_reason="Meridian Press Agency withdrew the story",
    )


def dashboard_link(page: str, label: str) -> tuple[str, int]:
    """The desk home's count for ``label`` and the queue address it links to."""
    found = re.search(rf'<a href="([^"]*)"><strong>(\d+)</strong> {label}</a>', page)
    assert found, page
    return found.group(1).replace("&amp;", "&"), int(found.group(2))


def test_the_default_queue_lists_an_article_with_a_new_agency_version(
    client, editor, overridden, article, flagged
):
    """The published, unflagged article is in the queue an editor opens, marked
    as holding a new version; under the queue's own "new version" state it is
    listed alone (not the draft nor the flagged article the default queue also
    lists), and it leaves the queue once the editor applies the agency's
    version."""
    client.force_login(editor)
    page = client.get(reverse("desk:queue")).content.decode()
    listed = [row for row in rows(page) if "Cholera kills 23 in Lusaka" in row]
    assert len(listed) == 1, page
    assert "New version" in listed[0]
    assert "New agency version available" in listed[0]
    assert DRAFT in page and FLAGGED in page

    only = client.get(reverse("desk:queue"), {"state": "new_version"}).content.decode()
    assert len(rows(only)) == 1, only
    assert "Cholera kills 23 in Lusaka" in only
    assert DRAFT not in only and FLAGGED not in only

    client.post(
        reverse("desk:apply-update", args=[overridden.pk]),
        {"lock_version": Article.objects.get(pk=overridden.pk).lock_version},
    )
    page = client.get(reverse("desk:queue")).content.decode()
    assert "Cholera kills 23" not in page and UPDATED not in page


def only_listed_from_the_dashboard(client, editor, label: str) -> str:
    """The queue the dashboard's count ``label`` links to, after checking that the
    count is 1 and the queue lists that one article."""
    client.force_login(editor)
    page = client.get(reverse("desk:home")).content.decode()
    link, count = dashboard_link(page, label)
    assert count == 1
    listed = client.get(link).content.decode()
    assert len(rows(listed)) == 1, listed
    return listed


def test_the_dashboard_counts_articles_with_a_new_agency_version(
    client, editor, overridden, article, flagged
):
    """The desk home counts it, with a link to the queue listing just those
    articles: not the draft nor the flagged article waiting beside it."""
    listed = only_listed_from_the_dashboard(client, editor, "New version")
    assert "Cholera kills 23 in Lusaka" in listed
    assert DRAFT not in listed and FLAGGED not in listed


def test_the_dashboard_flagged_count_links_to_the_flagged_articles(
    client, editor, flagged, article
):
    """1 flagged and a draft: "1 Flagged" links to a queue of that one article
    (it led to the whole waiting queue, the draft too), which is also a state
    the queue's filter offers."""
    listed = only_listed_from_the_dashboard(client, editor, "Flagged")
    assert FLAGGED in listed and DRAFT not in listed
    assert '<option value="flagged" selected>' in listed

    waiting = client.get(reverse("desk:queue")).content.decode()
    assert FLAGGED in waiting and DRAFT in waiting


def test_a_draft_without_a_new_version_is_not_marked(client, editor, wire):  # noqa: F811
    """Only articles holding an agency version are marked: a plain update of an
    untouched article follows the agency at once and waits for no one."""
    article = wire(headline=HEADLINE, body=BODY)
    wire(headline=f"UPDATE 1-{UPDATED}", body=BODY, hours=1)
    client.force_login(editor)
    page = client.get(reverse("desk:queue"), {"state": "published"}).content.decode()
    assert UPDATED in page and "New version</span>" not in page
    assert Article.objects.get(pk=article.pk).pending_update == {}
