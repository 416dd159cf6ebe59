"""Versions, re-issues, exact keys, corrections and kills as the desk sees them.

Items are stored the way ingest stores them (``store_items``) and placed with
``clustering.assign``, the code that runs in production; the copy is the demo
wire's invented Ghana water loan story (two agencies) and its look-alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wiredesk.demo import content
from wiredesk.ingest.models import Source, WireItem
from wiredesk.ingest.store import store_items
from wiredesk.ingest.wire import ParsedItem, Signal
from wiredesk.stories import versions
from wiredesk.stories.clustering import assign, primary_item
from wiredesk.stories.models import Story, StoryItem
from wiredesk.stories.signals import story_changed

BASE = datetime(2026, 2, 5, 6, 0, tzinfo=UTC)


def demo_text(guid: str) -> tuple[str, str]:
    item = next(i for i in content.ITEMS if i.guid == guid)
    version = item.versions[0]
    return version.headline, "\n\n".join(version.paragraphs)


GHANA_A = demo_text(content.CROSS_AGENCY_STORIES[0][0])  # Meridian's telling
GHANA_B = demo_text(content.CROSS_AGENCY_STORIES[0][1])  # Northwind's telling
OTHER = demo_text(content.LOOKALIKE_GUID)


def source(slug: str, priority: int = 100) -> Source:
    return Source.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"{slug} wire",
            "agency": f"{slug.title()} Agency",
            "kind": Source.Kind.FILES,
            "enabled": False,
            "priority": priority,
        },
    )[0]


def wire(
    src: Source,
    guid: str,
    headline: str,
    body: str,
    *,
    signal: Signal = Signal.NEW,
    url: str = "",
    hours: float = 0,
) -> WireItem:
    """Store one item as ingest does and return its newest stored version."""
    when = BASE + timedelta(hours=hours)
    parsed = ParsedItem(
        guid=guid,
        headline=headline,
        body_text=body,
        signal=signal,
        url=url,
        first_created=when,
        published=when,
    )
    report = store_items(src, [parsed])
    assert not report.errors
    return (
        WireItem.objects.select_related("source")
        .filter(source=src, guid=guid)
        .order_by("-version")
        .first()
    )


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    """Run ``assign`` and collect the story_changed signals it sends on commit."""
    sent: list[tuple[int, str]] = []

    def receiver(sender, story_id: int, change: str, **kwargs) -> None:
        sent.append((story_id, change))

    story_changed.connect(receiver, dispatch_uid="test-story-versions")

    def run(item: WireItem) -> Story:
        with django_capture_on_commit_callbacks(execute=True):
            return assign(item)

    run.sent = sent
    yield run
    story_changed.disconnect(dispatch_uid="test-story-versions")


# -- pure: marks and canonical URLs ---------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "base", "marks", "corrected"),
    [
        (
            "UPDATE 1-Quake kills 10 in Chile",
            "Quake kills 10 in Chile",
            ("UPDATE 1",),
            0,
        ),
        ("UPDATE 12 - Talks resume", "Talks resume", ("UPDATE 12",), 0),
        ("CORRECTED-Bank cuts rates", "Bank cuts rates", ("CORRECTED",), 1),
        ("REFILE-Bank cuts rates", "Bank cuts rates", ("REFILE",), 0),
        ("RPT-Bank cuts rates", "Bank cuts rates", ("RPT",), 0),
        ("WRAPUP 1-Storm hits coast", "Storm hits coast", ("WRAPUP 1",), 0),
        (
            "CORRECTED-UPDATE 2-Storm hits coast",
            "Storm hits coast",
            ("CORRECTED", "UPDATE 2"),
            1,
        ),
        ("Bank cuts rates (CORRECTED)", "Bank cuts rates", ("CORRECTED",), 1),
        ("Update on the talks", "Update on the talks", (), 0),
        ("Bank cuts rates", "Bank cuts rates", (), 0),
        ("UPDATE 1-", "UPDATE 1-", (), 0),
    ],
)
def test_reissue_marks_are_recognised(headline, base, marks, corrected):
    """Agency re-issue marks are split off; ordinary words are left alone."""
    found = versions.marks(headline)
    assert (found.base, found.marks, found.corrected) == (base, marks, bool(corrected))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "HTTPS://News.Example.org/world/quake/?utm_source=rss&utm_medium=feed#top",
            "https://news.example.org/world/quake",
        ),
        ("http://example.org/a?id=7&utm_campaign=x", "http://example.org/a?id=7"),
    ],
)
def test_canonical_url_ignores_case_tracking_fragment_and_slash(a, b):
    """Two ways of writing one page's address give one key."""
    assert versions.canonical_url(a) == versions.canonical_url(b) != ""
    assert versions.url_key(a) == versions.url_key(b)


@pytest.mark.parametrize("url", ["", "https://example.org/", "ftp://x.org/a", "nope"])
def test_home_pages_and_non_web_addresses_are_no_key(url):
    """A feed that links every item to its home page must not join them all."""
    assert versions.url_key(url) == ""


# -- versions and re-issues ----------------------------------------------------------

needs_db = pytest.mark.django_db


@needs_db
def test_same_guid_update_is_a_version(changes):
    """A new version of an item (same guid) joins its story as a version."""
    reuters = source("reuters")
    first = changes(wire(reuters, "g1", *GHANA_A))
    update = wire(reuters, "g1", GHANA_A[0] + " - officials", GHANA_A[1] + " More.")
    assert changes(update) == first
    assert StoryItem.objects.get(item=update).role == StoryItem.Role.VERSION
    assert changes.sent[-1] == (first.pk, "version")
    assert first.agencies() == ["Reuters Agency"]


@needs_db
def test_marked_reissue_with_new_guid_is_a_version_not_another_agency(changes):
    """ "UPDATE 1-" under a new guid from the same source joins as a version."""
    reuters = source("reuters")
    story = changes(wire(reuters, "g1", *GHANA_A))
    longer = GHANA_A[1] + "\n\nThe bank's board approved the loan last month."
    reissue = wire(reuters, "g2", f"UPDATE 1-{GHANA_A[0]}", longer, hours=1)
    assert changes(reissue) == story
    link = StoryItem.objects.get(item=reissue)
    assert link.role == StoryItem.Role.VERSION
    assert link.supersedes.guid == "g1"
    story.refresh_from_db()
    assert story.agencies() == ["Reuters Agency"]
    assert story.primary_item == reissue  # the agency's latest word leads
    assert story.headline == GHANA_A[0]  # shown without the mark
    assert changes.sent[-1] == (story.pk, "version")


@needs_db
def test_reissue_with_a_new_headline_is_found_by_its_text(changes):
    """ "UPDATE 2-" with a rewritten headline still matches its earlier text."""
    reuters = source("reuters")
    story = changes(wire(reuters, "g1", *GHANA_A))
    changes(wire(reuters, "g2", f"UPDATE 1-{GHANA_A[0]}", GHANA_A[1], hours=1))
    rewritten = "UPDATE 2-Ghana water deal to reach 42 districts, minister says"
    later = wire(reuters, "g3", rewritten, GHANA_A[1] + " She spoke in Accra.", hours=2)
    assert changes(later) == story
    link = StoryItem.objects.get(item=later)
    assert link.role == StoryItem.Role.VERSION
    assert link.supersedes.guid == "g2"  # the chain: g1 → g2 → g3
    assert Story.objects.count() == 1


@needs_db
def test_marked_item_telling_another_story_is_not_a_version(changes):
    """An UPDATE of a different story from the same source makes its own story."""
    reuters = source("reuters")
    ghana = changes(wire(reuters, "g1", *GHANA_A))
    other = changes(wire(reuters, "g2", f"UPDATE 1-{OTHER[0]}", OTHER[1], hours=1))
    assert other != ghana


@needs_db
def test_another_agencys_marked_item_is_another_agency(changes):
    """A re-issue mark from another source does not make it a version."""
    story = changes(wire(source("reuters"), "r1", *GHANA_A))
    theirs = wire(source("northwind"), "n1", f"UPDATE 1-{GHANA_B[0]}", GHANA_B[1])
    assert changes(theirs) == story
    assert StoryItem.objects.get(item=theirs).role == StoryItem.Role.SOURCE
    assert sorted(story.agencies()) == ["Northwind Agency", "Reuters Agency"]


@needs_db
def test_same_body_from_another_source_joins_at_score_one(changes):
    """Identical text from a second agency joins directly, credited, score 1.0."""
    story = changes(wire(source("reuters"), "r1", *GHANA_A))
    copy = wire(source("partner"), "p1", *GHANA_A)
    assert changes(copy) == story
    link = StoryItem.objects.get(item=copy)
    assert (link.role, link.score) == (StoryItem.Role.SOURCE, 1.0)
    assert sorted(story.agencies()) == ["Partner Agency", "Reuters Agency"]


@needs_db
def test_same_body_resent_under_a_new_guid_is_a_version(changes):
    """The same source sending the same text again under a new guid: a version."""
    reuters = source("reuters")
    story = changes(wire(reuters, "r1", *GHANA_A))
    again = wire(reuters, "r2", *GHANA_A)
    assert changes(again) == story
    link = StoryItem.objects.get(item=again)
    assert (link.role, link.score) == (StoryItem.Role.VERSION, 1.0)


@needs_db
def test_same_canonical_url_joins_whatever_the_text(changes):
    """Another text at the same page address (tracking and case aside) joins."""
    url = "https://news.example.org/africa/ghana-water-loan"
    story = changes(wire(source("reuters"), "r1", *GHANA_A, url=url))
    same_page = wire(
        source("partner"),
        "p1",
        *OTHER,  # the words alone would never match
        url="HTTPS://NEWS.example.org/africa/ghana-water-loan/?utm_source=x#para2",
    )
    assert changes(same_page) == story
    assert StoryItem.objects.get(item=same_page).score == 1.0


# -- corrections and kills ------------------------------------------------------------


@needs_db
def test_correction_signal_marks_the_story_for_the_desk(changes):
    """A correction flags the story, names the agency, and is announced."""
    reuters = source("reuters")
    story = changes(wire(reuters, "g1", *GHANA_A))
    fixed = GHANA_A[1].replace("42 districts", "44 districts")
    changes(wire(reuters, "g1", GHANA_A[0], fixed, signal=Signal.CORRECTION))
    story.refresh_from_db()
    assert story.needs_attention
    assert story.attention_priority == Story.Priority.CHECK
    assert "Reuters Agency" in story.attention_reason
    assert "correct" in story.attention_reason
    assert changes.sent[-1] == (story.pk, "correction")


@needs_db
def test_corrected_reissue_is_a_version_and_a_correction(changes):
    """ "CORRECTED-" under a new guid is a version of the item and flags the story."""
    reuters = source("reuters")
    story = changes(wire(reuters, "g1", *GHANA_A))
    fixed = GHANA_A[1].replace("42 districts", "44 districts")
    corrected = wire(reuters, "g2", f"CORRECTED-{GHANA_A[0]}", fixed, hours=1)
    assert changes(corrected) == story
    assert StoryItem.objects.get(item=corrected).role == StoryItem.Role.VERSION
    story.refresh_from_db()
    assert story.needs_attention and story.attention_priority == Story.Priority.CHECK
    assert changes.sent[-1] == (story.pk, "correction")


@needs_db
def test_kill_of_the_only_source_is_top_priority(changes):
    """When the story's only agency kills its item, the desk sees it at the top."""
    reuters = source("reuters")
    story = changes(wire(reuters, "g1", *GHANA_A))
    kill = wire(
        reuters, "g1", "KILL - Ghana water loan", "Withdraw.", signal=Signal.KILL
    )
    assert changes(kill) == story
    story.refresh_from_db()
    assert story.needs_attention
    assert story.attention_priority == Story.Priority.TOP
    assert "Reuters Agency" in story.attention_reason
    assert "only" in story.attention_reason
    assert story.agencies() == []
    assert story.primary_item.signal != WireItem.Signal.KILL  # text kept for the desk
    assert changes.sent[-1] == (story.pk, "kill")


@needs_db
def test_kill_of_one_of_two_agencies_drops_its_credit(changes):
    """A kill by one of two agencies: lower priority, credit and primary move."""
    first = source("meridian", priority=10)
    second = source("northwind", priority=20)
    story = changes(wire(first, "m1", *GHANA_A))
    assert changes(wire(second, "n1", *GHANA_B, hours=1)) == story
    story.refresh_from_db()
    assert story.primary_item.source == first
    changes(wire(first, "m1", "KILL", "Withdraw this story.", signal=Signal.KILL))
    story.refresh_from_db()
    assert story.attention_priority == Story.Priority.HIGH
    assert "Meridian Agency" in story.attention_reason
    assert story.agencies() == ["Northwind Agency"]
    assert story.primary_item.source == second
    assert changes.sent[-1] == (story.pk, "kill")


@needs_db
def test_a_later_correction_does_not_lower_a_kill(changes):
    """The desk flag only rises: a correction after a kill keeps top priority."""
    reuters = source("reuters")
    story = changes(wire(reuters, "g1", *GHANA_A))
    changes(wire(reuters, "g1", "KILL", "Withdraw.", signal=Signal.KILL))
    changes(wire(reuters, "g2", f"CORRECTED-{GHANA_A[0]}", GHANA_A[1] + " Fixed."))
    story.refresh_from_db()
    assert story.attention_priority == Story.Priority.TOP


# -- the primary item -----------------------------------------------------------------


@needs_db
def test_primary_item_prefers_priority_then_completeness_then_earliest(changes):
    """The preferred agency leads; among equals the longer text, then the first."""
    low = source("low", priority=50)
    high = source("high", priority=5)
    equal = source("equal", priority=50)
    story = changes(wire(low, "l1", *GHANA_A))
    changes(wire(equal, "e1", GHANA_B[0], GHANA_B[1] + " " + GHANA_B[1], hours=1))
    story.refresh_from_db()
    assert story.primary_item.source == equal  # same priority, longer body
    changes(wire(high, "h1", *GHANA_B, hours=2))
    story.refresh_from_db()
    assert primary_item(story) == story.primary_item
    assert story.primary_item.source == high  # the preferred agency wins
    assert story.agencies()[0] == "High Agency"


@pytest.mark.django_db
def test_story_primary_setting_changes_the_rule(changes, settings):
    """STORY_PRIMARY=completeness,... lets the fuller copy lead the story."""
    settings.STORY_PRIMARY = "completeness,priority,earliest"
    high = source("high", priority=5)
    low = source("low", priority=50)
    story = changes(wire(high, "h1", *GHANA_B))
    changes(wire(low, "l1", GHANA_A[0], GHANA_A[1] + " " + GHANA_A[1] * 3, hours=1))
    story.refresh_from_db()
    assert story.primary_item.source == low
    settings.STORY_PRIMARY = "fastest"
    with pytest.raises(ValueError, match="STORY_PRIMARY"):
        primary_item(story)
