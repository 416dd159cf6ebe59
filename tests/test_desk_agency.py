"""Agency updates, corrections and kills reaching published articles.

Items go the production path: ``store_items`` → stories → drafting → desk, with the
on-commit signals run and tasks executed inline.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, AuditLog, SectorRule
from wiredesk.ingest.models import Source
from wiredesk.ingest.store import store_items
from wiredesk.ingest.wire import ParsedItem, Signal
from wiredesk.stories.models import Story

pytestmark = pytest.mark.django_db
BASE = datetime(2026, 2, 5, 6, 0, tzinfo=UTC)
HEADLINE = "Flooding closes schools across northern Ghana"
BODY = (
    "TAMALE, Feb 5 (Meridian) - Floods closed 140 schools in northern Ghana on "
    "Thursday after two days of heavy rain, the education ministry said.\n\n"
    "Officials in Tamale said 12,000 pupils were affected and that classes would "
    "resume once the water receded.\n\nThe Volta river authority warned of more rain."
)


def deliver(source: Source, item: ParsedItem, at: datetime, capture) -> Article:
    """Store ``item`` as ``source`` sent it at ``at`` (published and updated), the
    desk's and drafting's reactions run at commit (``capture``: pytest-django's
    django_capture_on_commit_callbacks); returns the article of its story."""
    item.published = item.updated = at
    with capture(execute=True):
        report = store_items(source, [item])
    assert not report.errors
    return Article.objects.filter(story__items__item__source=source).distinct().get()


@pytest.fixture
def wire(django_capture_on_commit_callbacks):
    source = Source.objects.create(
        name="Meridian wire",
        slug="meridian",
        agency="Meridian Press Agency",
        kind=Source.Kind.FILES,
        enabled=False,
        auto_publish=True,
    )

    def send(headline=HEADLINE, body=BODY, signal=Signal.NEW, hours=0.0) -> Article:
        item = ParsedItem(
            guid="urn:meridian:floods",
            headline=headline,
            body_text=body,
            signal=signal,
            first_created=BASE,
        )
        return deliver(
            source,
            item,
            BASE + timedelta(hours=hours),
            django_capture_on_commit_callbacks,
        )

    send.source = source
    return send


def test_new_version_of_an_edited_article_waits_for_the_editor(wire, editor, client):
    """The editor's headline stays; the desk shows the agency's new one as a diff and
    applies it in one action; the untouched body follows the agency at once."""
    article = wire()
    assert article.status == Article.Status.PUBLISHED
    article.headline = "Floods shut 140 schools in Ghana's north"
    opened = article.lock_version
    workflow.save_edit(
        article, user=editor, expected_version=opened, changed=["headline"]
    )
    newer = BODY.replace("140 schools", "163 schools")
    article = wire(headline=f"{HEADLINE}, 163 now shut", body=newer, hours=2)
    assert article.headline == "Floods shut 140 schools in Ghana's north"
    assert "163 schools" in article.body_html
    assert article.pending_update == {"headline": f"{HEADLINE}, 163 now shut"}

    client.force_login(editor)
    page = client.get(reverse("desk:edit", args=[article.pk])).content.decode()
    assert "New version available" in page and "<ins>" in page
    client.post(
        reverse("desk:apply-update", args=[article.pk]),
        {"lock_version": article.lock_version},
    )
    applied = Article.objects.get(pk=article.pk)
    assert applied.headline == f"{HEADLINE}, 163 now shut"
    assert applied.pending_update == {}
    assert "headline" not in applied.overridden_fields
    assert AuditLog.objects.filter(action="edit", note="").exists()
    assert applied.revisions.filter(note="agency version applied").exists()


def test_agency_update_makes_an_open_edit_conflict(wire, editor):
    """An editor who opened the article before an agency update gets a conflict,
    not a silent overwrite of the agency's newer text."""
    article = wire()
    opened = article.lock_version
    wire(body=BODY.replace("140 schools", "163 schools"), hours=1)
    stale = Article.objects.get(pk=article.pk)
    stale.standfirst = "My standfirst"
    with pytest.raises(workflow.EditConflict):
        workflow.save_edit(
            stale, user=editor, expected_version=opened, changed=["standfirst"]
        )


def test_agency_correction_flags_the_article(wire):
    """A correction asks the desk to check the article, with the agency named."""
    wire()
    article = wire(
        body=BODY.replace("12,000", "21,000"), signal=Signal.CORRECTION, hours=1
    )
    assert article.attention == Story.Priority.CHECK
    assert "Meridian Press Agency" in article.attention_reason
    assert "21,000" in article.body_html
    assert AuditLog.objects.filter(action="agency-correction").exists()


def test_kill_of_the_only_source_flags_at_top_priority(wire, settings):
    """KILL_POLICY=flag: the article stays up, flagged at the top, and it is logged."""
    settings.KILL_POLICY = "flag"
    wire()
    article = wire(headline="KILL", body="Withdraw this story.", signal=Signal.KILL)
    assert article.status == Article.Status.PUBLISHED
    assert article.attention == Story.Priority.TOP
    entry = AuditLog.objects.get(action="kill-flagged")
    assert entry.username == "" and "only source" in entry.note


def test_kill_of_the_only_source_unpublishes(wire, settings):
    """KILL_POLICY=unpublish: the article leaves the site at once; the log says why."""
    settings.KILL_POLICY = "unpublish"
    wire()
    article = wire(headline="KILL", body="Withdraw this story.", signal=Signal.KILL)
    assert article.status == Article.Status.UNPUBLISHED
    assert not Article.objects.published().exists()
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"unpublish", "kill-unpublished"} <= actions


def test_sector_rule_holds_stories_for_review(wire):
    """A sector rule without auto-publish keeps that sector's stories as drafts,
    though their source auto-publishes."""
    from wiredesk.taxonomy.models import Sector

    for sector in Sector.objects.all():
        SectorRule.objects.create(sector=sector, auto_publish=False)
    article = wire()
    assert article.status == Article.Status.DRAFT
