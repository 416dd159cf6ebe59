"""The Draft row: drafting a story again updates its one draft in place (texts, tags,
links, credited agencies), and a worker that loses the race to create it updates
the winner's row instead of failing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.test_drafting_backend import make_story
from wiredesk.drafting import countries, dateline, service
from wiredesk.drafting.models import Draft
from wiredesk.ingest.models import Source, WireItem
from wiredesk.ingest.store import store_items
from wiredesk.ingest.wire import ParsedItem
from wiredesk.stories.models import Story, StoryItem

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


def story_of(parsed: ParsedItem) -> Story:
    """A one-item story of ``parsed``, stored as ingest stores it."""
    source, _ = Source.objects.get_or_create(
        slug="coastal", defaults={"name": "Coastal", "agency": "Coastal"}
    )
    store_items(source, [parsed])
    item = WireItem.objects.get(guid=parsed.guid)
    now = timezone.now()
    story = Story.objects.create(
        headline=item.headline, primary_item=item, created_at=now, updated_at=now
    )
    StoryItem.objects.create(story=story, item=item, role="source")
    return story


JORDAN = (
    "Jordan closed its airspace to all flights for three hours on Tuesday, the "
    "civil aviation authority said.\n\nJordan's army said it had shot down several "
    "drones over the north of the country, and schools would open as usual."
)


@pytest.mark.parametrize(
    "given", ["AMMAN", "Amman, Jordan", "AMMAN, March 3 (Coastal) -"]
)
def test_a_dateline_given_in_the_metadata_is_shown(given):
    """NewsML-G2, NITF and ninjs carry the dateline apart from the copy: the draft
    shows its place (date and agency tag left out) and places the story by it."""
    story = story_of(
        ParsedItem(
            guid="j1",
            headline="Jordan closes airspace for three hours",
            dateline=given,
            body_text=JORDAN,
        )
    )
    draft = service.draft(story)
    assert draft.dateline in ("Amman", "Amman, Jordan")
    assert draft.country_id == "JO"
    assert draft.standfirst.startswith("Jordan closed its airspace")


@pytest.mark.parametrize("byline", ["", "<p>By Jane Doe</p>"])
def test_the_dateline_is_shown_once_when_the_markup_wraps_it(byline):
    """Inline tags and doubled spaces in the agency's markup: the body still loses
    the dateline the article shows in its meta line, and a byline before it stays."""
    story = story_of(
        ParsedItem(
            guid="k2",
            headline="Kenya passes water law",
            body_html=(
                f"{byline}"
                "<p><strong>NAIROBI</strong>,  March 3  (Coastal) - Kenya's "
                "parliament passed a water bill on Tuesday.</p>"
                "<p>The law sets aside funds for boreholes, lawmakers said.</p>"
            ),
        )
    )
    draft = service.draft(story)
    assert draft.dateline == "Nairobi" and draft.country_id == "KE"
    assert "NAIROBI" not in draft.body_html and "March 3" not in draft.body_html
    assert draft.body_html.startswith(
        f"{byline}<p>Kenya's parliament passed a water bill"
    )
    assert draft.standfirst.startswith("Kenya's parliament passed")


def test_the_primary_country_is_the_shipped_rankers():
    """Copy from Baghdad about Iran: the draft's country is the tagger's primary
    (its ranker puts Iran first, as Reuters' indexers did), not the dateline's."""
    headline = "Iran says it will enrich uranium further"
    body = (
        "BAGHDAD, Feb 5 (Coastal) - Iran said on Thursday it would enrich uranium "
        "further, Iranian state media reported. Iraq called for calm. Iranian "
        "officials met Iraqi counterparts in Baghdad."
    )
    tagged = countries.tag(headline, dateline.strip(body), dateline="BAGHDAD")
    assert tagged.countries == ["IR", "IQ"]
    draft = service.draft(
        story_of(ParsedItem(guid="i1", headline=headline, body_text=body))
    )
    assert draft.dateline == "Baghdad"
    assert draft.country_id == "IR"
    assert set(draft.countries.values_list("pk", flat=True)) == {"IR", "IQ"}


def test_a_shouted_headline_takes_its_names_from_the_copy():
    """An agency headline in capitals comes out in sentence case, with the names
    and acronyms spelt as the story's own copy spells them."""
    story = story_of(
        ParsedItem(
            guid="s1",
            headline="NATO CHIEF MEETS KISHIDA IN TOKYO OVER DRONE DEFENCE",
            body_text=(
                "TOKYO, March 3 (Coastal) - NATO's secretary general met Prime "
                "Minister Fumio Kishida on Tuesday to discuss drone defence, the "
                "alliance said.\n\nJapan is not a member of NATO."
            ),
        )
    )
    draft = service.draft(story)
    assert draft.headline == "NATO chief meets Kishida in Tokyo over drone defence"
