"""The Draft row: drafting a story again updates its one draft in place (texts, tags,
links, credited agencies), and a worker that loses the race to create it updates
the winner's row instead of failing."""

from __future__ import annotations

import pytest

from tests.test_drafting_backend import make_story
from wiredesk.drafting import service
from wiredesk.drafting.models import Draft
from wiredesk.ingest.models import Source, WireItem
from wiredesk.ingest.store import store_items
from wiredesk.ingest.wire import ParsedItem
from wiredesk.stories.models import StoryItem

pytestmark = pytest.mark.django_db

# Copy written for these tests.
KENYA = (
    "NAIROBI, March 3 (Coastal) - Kenya's parliament passed a water bill on Tuesday "
    "that gives county governments control of rural supply schemes, after two "
    "years of debate.\n\nThe law sets aside funds for boreholes in dry northern "
    "counties, lawmakers said."
)


def test_drafting_again_updates_the_one_draft():
    """A second agency joins and the primary changes: same row, new texts, tags,
    links and credits; nothing stale left in the many-to-many links."""
    story = make_story()
    first = service.draft(story)
    assert first.country_id == "GH" and first.agencies == ["Meridian"]
    assert set(first.countries.values_list("pk", flat=True)) == {"GH"}

    coastal = Source.objects.create(name="Coastal", slug="coastal", agency="Coastal")
    store_items(
        coastal,
        [ParsedItem(guid="k1", headline="Kenya passes water law", body_text=KENYA)],
    )
    item = WireItem.objects.get(guid="k1")
    StoryItem.objects.create(story=story, item=item, role="source")
    story.primary_item = item
    story.save()

    second = service.draft(story)
    assert second.pk == first.pk and Draft.objects.count() == 1
    row = Draft.objects.get()
    assert row.headline == "Kenya passes water law"
    assert row.dateline == "Nairobi" and row.country_id == "KE"
    assert row.agencies == ["Coastal", "Meridian"]
    assert set(row.countries.values_list("pk", flat=True)) == {"KE"}
    assert row.updated_at >= first.updated_at


def test_a_worker_that_loses_the_race_to_create_updates_instead(monkeypatch):
    """Another worker committed the story's draft after this one looked for it:
    the INSERT meets the unique story, and this worker updates that row."""
    story = make_story()
    theirs = service.draft(story)
    Draft.objects.filter(pk=theirs.pk).update(headline="Their headline")

    lookup = service._DRAFT_OF_STORY.list
    calls = []

    def not_yet_committed(ids):
        calls.append(ids)
        return [] if len(calls) == 1 else lookup(ids)

    monkeypatch.setattr(service._DRAFT_OF_STORY, "list", not_yet_committed)
    ours = service.draft(story)

    assert len(calls) == 2  # looked again after the failed INSERT
    assert ours.pk == theirs.pk and Draft.objects.count() == 1
    assert Draft.objects.get().headline == theirs.headline != "Their headline"
    assert set(ours.countries.values_list("pk", flat=True)) == {"GH"}
