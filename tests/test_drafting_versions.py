"""The first version an update is compared with, when the story holds no link to
it: ingest's ``previous`` chain, walked once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from wiredesk.drafting import service, standfirst
from wiredesk.ingest.models import Source, WireItem
from wiredesk.ingest.store import store_items
from wiredesk.ingest.wire import ParsedItem
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db

# Copy written for these tests: a lede every version keeps, the first version's
# toll, then the toll of each update.
LEDE = (
    "KISUMU, June 2 (Lakeside) - Heavy rain has flooded farms and roads around "
    "Lake Victoria in western Kenya, the county government of Kisumu said."
)
REST = (
    "Farms around the lake in Kisumu county lost maize and rice to the flooded "
    "rivers, the county government said.\n\nRoads around Kisumu will stay flooded "
    "until the rain stops, the county government of Kisumu said.\n\nTraders said "
    "the price of maize had doubled at the Kisumu market since the flooded roads "
    "were cut."
)
TOLLS = (
    "Rescue teams have moved 800 families to two camps near Kisumu.",
    "Rescue teams have moved 2,300 families to two camps near Kisumu.",
    "Rescue teams have moved 2,300 families to two camps near Kisumu, and a "
    "third opened.",
)


def _versions() -> list[WireItem]:
    """Three versions of one item stored as ingest stores them, each linked to the
    one before by ``previous`` only."""
    source = Source.objects.create(name="Lakeside", slug="lakeside", agency="Lakeside")
    for toll in TOLLS:
        body = "\n\n".join((LEDE, toll, REST))
        store_items(
            source, [ParsedItem(guid="floods", headline="Floods", body_text=body)]
        )
    return list(WireItem.objects.filter(guid="floods").order_by("version"))


def _story_of(item: WireItem) -> Story:
    """A story holding ``item`` alone, with no link saying what it supersedes."""
    now = timezone.now()
    story = Story.objects.create(
        headline=item.headline, primary_item=item, created_at=now, updated_at=now
    )
    StoryItem.objects.create(story=story, item=item, role="source")
    return story


def test_without_a_link_in_the_story_the_first_version_is_found_by_previous(
    django_assert_max_num_queries,
):
    """The third version's story holds neither earlier one: the first version is
    still found, back through each version's ``previous`` (not the second, which
    already had the new toll), in one walk: the story's links, then one row for
    each earlier version (its text with its link)."""
    first, second, third = _versions()
    assert third.previous_id == second.pk and second.previous_id == first.pk
    story = _story_of(third)
    with django_assert_max_num_queries(3):
        earlier = service.first_version_text(story, third)
    assert earlier == first.body_text


def test_the_update_s_news_reaches_the_standfirst_through_previous():
    """What a reader sees: the new toll, which the first version did not have, is
    in the standfirst of the update's draft, beside the lede. Compared with no
    version, or with the second (which had the toll), the lede's neighbours win
    and the toll is left out."""
    *_, third = _versions()
    summary = service.draft(_story_of(third)).standfirst
    assert "2,300 families" in summary
    assert summary.startswith("Heavy rain has flooded farms")
    assert "2,300" not in standfirst.summarise(third.body_text)
    assert standfirst.length(summary) <= standfirst.configured_words()


def test_the_first_version_has_nothing_before_it():
    """A first version's draft compares with nothing: the text is empty, and the
    story's links are all that is read."""
    first, *_ = _versions()
    assert service.first_version_text(_story_of(first), first) == ""


def test_a_loop_of_versions_in_bad_data_ends():
    """Versions pointing back at each other (bad data) end the walk with no text of
    the item itself."""
    first, _, third = _versions()
    WireItem.objects.filter(pk=first.pk).update(previous=third)
    third.refresh_from_db()
    assert service.first_version_text(_story_of(third), third) == ""


def test_a_figure_written_another_way_is_no_news():
    """An update that writes "2,300" as "2300" says nothing new: the figures are
    compared by value, as the source check compares them, and the standfirst
    stays what it was; a new value is news."""
    earlier = "\n\n".join((LEDE, TOLLS[1], REST))
    rewritten = earlier.replace("2,300", "2300")
    assert standfirst.summarise(rewritten, 60, earlier=earlier) == (
        standfirst.summarise(rewritten, 60)
    )
    assert "2300" not in standfirst.summarise(rewritten, 60, earlier=earlier)
    changed = earlier.replace("2,300", "2,900")
    assert "2,900" in standfirst.summarise(changed, 60, earlier=earlier)


def test_a_name_written_in_the_news_as_in_the_lede_lets_it_stand_in():
    """The update's news may replace a lede it does not fit beside only when it
    names what the lede names; a possessive or an accent is the same name."""
    lede = "Élysée aides said Kenya's president would visit Kisumu on Friday."
    assert standfirst._tells_whom("Kenya will host the talks.", lede, [], [])
    assert standfirst._tells_whom("The Elysee confirmed it.", lede, [], [])
    assert not standfirst._tells_whom("Deaths have risen to 44.", lede, [], [])
