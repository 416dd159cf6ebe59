"""Editors merge and split stories in the admin; a split is remembered by matching.

Everything goes through the admin with Django's test client as a logged-in
superuser, as an editor would; the rebuild command is run as `wiredesk stories
rebuild` would run it.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.test_story_versions import GHANA_A, GHANA_B, OTHER, source, wire
from wiredesk.ingest.models import WireItem
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import (
    Story,
    StoryItem,
    StorySeparation,
    StoryTerm,
    TermStat,
)
from wiredesk.stories.signals import story_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def sent():
    """story_changed signals sent, as (story_id, change, extra arguments)."""
    got: list[tuple[int, str, dict]] = []

    def receiver(sender, story_id: int, change: str, **kwargs) -> None:
        kwargs.pop("signal", None)
        got.append((story_id, change, kwargs))

    story_changed.connect(receiver, dispatch_uid="test-story-editing")
    yield got
    story_changed.disconnect(dispatch_uid="test-story-editing")


def two_stories() -> tuple[Story, Story, list[WireItem]]:
    """The Ghana story told by two agencies, and the look-alike on its own."""
    a = wire(source("meridian", 10), "m1", *GHANA_A)
    b = wire(source("northwind", 20), "n1", *GHANA_B, hours=1)
    c = wire(source("coastal", 30), "c1", *OTHER, hours=2)
    ghana, same, other = assign(a), assign(b), assign(c)
    assert ghana == same != other
    return ghana, other, [a, b, c]


def split_url(story: Story) -> str:
    return reverse("admin:stories_story_split", args=[story.pk])


def snapshot() -> dict:
    """Everything matching reads, to compare before and after an operation."""
    return {
        "members": sorted(StoryItem.objects.values_list("item_id", "story_id", "role")),
        "fingerprints": {s.pk: s.fingerprint for s in Story.objects.all()},
        "terms": sorted(StoryTerm.objects.values_list("story_id", "term", "weight")),
        "stats": dict(TermStat.objects.values_list("term", "items")),
        "keys": sorted(
            StoryItem.objects.values_list("item_id", "url_key", "headline_key")
        ),
        "apart": sorted(StorySeparation.objects.values_list("item_a", "item_b")),
    }


def rebuild() -> dict:
    out = StringIO()
    call_command("stories", "rebuild", "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


# -- merge ---------------------------------------------------------------------------


def test_merge_action_moves_every_item_to_the_oldest_story(
    editor, sent, django_capture_on_commit_callbacks
):
    """ "Merge selected stories" keeps the oldest story, credits every agency."""
    ghana, other, _ = two_stories()
    other.needs_attention, other.attention_priority = True, Story.Priority.HIGH
    other.attention_reason = "Coastal Agency killed its item"
    other.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            reverse("admin:stories_story_changelist"),
            {"action": "merge_stories", "_selected_action": [other.pk, ghana.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert f"Merged into story {ghana.pk}" in response.content.decode()
    assert list(Story.objects.values_list("pk", flat=True)) == [ghana.pk]
    ghana.refresh_from_db()
    assert ghana.items.count() == 3
    assert set(ghana.agencies()) == {
        "Meridian Agency",
        "Northwind Agency",
        "Coastal Agency",
    }
    assert ghana.attention_priority == Story.Priority.HIGH  # the most urgent flag
    assert "@ghana" in ghana.fingerprint["total"]
    assert "@ghana" in set(StoryTerm.objects.values_list("term", flat=True))
    assert sent == [(ghana.pk, "merged", {"absorbed": [other.pk]})]


def test_merging_one_story_is_refused_with_a_message(editor):
    """Merging needs two stories; the editor is told so and nothing changes."""
    ghana, _, _ = two_stories()
    response = editor.post(
        reverse("admin:stories_story_changelist"),
        {"action": "merge_stories", "_selected_action": [ghana.pk]},
        follow=True,
    )
    assert "at least two stories" in response.content.decode()
    assert Story.objects.count() == 2


# -- split ---------------------------------------------------------------------------


def test_story_page_links_to_a_split_page_listing_its_items(editor):
    """The story's change page leads to a page of its items with checkboxes."""
    ghana, _, (a, b, _) = two_stories()
    page = editor.get(reverse("admin:stories_story_change", args=[ghana.pk]))
    assert split_url(ghana) in page.content.decode()
    page = editor.get(split_url(ghana)).content.decode()
    for item in (a, b):
        assert f'name="items" value="{item.pk}"' in page
        assert item.headline in page


def test_split_moves_items_and_their_versions_to_a_new_story(
    editor, sent, django_capture_on_commit_callbacks
):
    """The ticked item and its later version leave; both stories are announced."""
    ghana, _, (a, b, _) = two_stories()
    update = wire(source("northwind"), "n1", GHANA_B[0], GHANA_B[1] + " More.")
    assert assign(update) == ghana
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(split_url(ghana), {"items": [b.pk]})
    new = Story.objects.exclude(pk=ghana.pk).latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:stories_story_change", args=[new.pk])
    assert set(new.items.values_list("item_id", flat=True)) == {b.pk, update.pk}
    assert new.agencies() == ["Northwind Agency"]
    ghana.refresh_from_db()
    assert ghana.agencies() == ["Meridian Agency"]
    assert ghana.primary_item == a and new.primary_item == update
    assert StorySeparation.objects.filter(item_a=a, item_b__in=[b, update]).count() == 2
    assert {(s, c) for s, c, _ in sent} == {(ghana.pk, "split"), (new.pk, "split")}


def test_split_of_every_item_is_refused(editor):
    """A split must leave something behind; the editor sees why."""
    ghana, _, (a, b, _) = two_stories()
    page = editor.post(split_url(ghana), {"items": [a.pk, b.pk]}, follow=True)
    assert "at least one item" in page.content.decode()
    assert Story.objects.count() == 2


def test_split_items_are_never_matched_together_again(editor):
    """After a split, matching keeps the two sides apart, both ways."""
    ghana, _, (a, b, _) = two_stories()
    editor.post(split_url(ghana), {"items": [b.pk]})
    # Matching the split-off item again (a worker retrying it, say) must not put
    # it back into the story it was split from, nor the other way round.
    StoryItem.objects.filter(item=b).delete()
    assert assign(b) != ghana
    StoryItem.objects.filter(item=a).delete()
    back = assign(a)
    assert back != StoryItem.objects.get(item=b).story
    # A later version of the split-off item follows it, not the old story.
    update = wire(source("northwind"), "n1", GHANA_B[0], GHANA_B[1] + " More.")
    assert assign(update) == StoryItem.objects.get(item=b).story


def test_merging_again_overrides_an_earlier_split(editor):
    """An editor who merges split items back gets them together; the split is gone."""
    ghana, _, (_, b, _) = two_stories()
    editor.post(split_url(ghana), {"items": [b.pk]})
    new = StoryItem.objects.get(item=b).story
    editor.post(
        reverse("admin:stories_story_changelist"),
        {"action": "merge_stories", "_selected_action": [ghana.pk, new.pk]},
    )
    assert StoryItem.objects.get(item=b).story_id == ghana.pk
    assert not StorySeparation.objects.exists()


# -- rebuild -------------------------------------------------------------------------


def test_rebuild_is_idempotent_and_keeps_membership_and_splits(editor):
    """A second rebuild changes nothing; neither run moves items or forgets splits."""
    ghana, _, (_, b, _) = two_stories()
    editor.post(split_url(ghana), {"items": [b.pk]})
    members = snapshot()["members"]
    first = rebuild()
    assert first["stories"] == 3 and first["items"] == 3
    after_first = snapshot()
    assert after_first["members"] == members
    assert after_first["apart"] != []
    second = rebuild()
    assert second["terms_changed"] == 0
    assert second["stories_changed"] == 0
    assert second["keys_changed"] == 0
    assert snapshot() == after_first


def test_rebuild_restores_lost_matching_state(editor):
    """Wiped fingerprints, keys and term counts come back as rebuild made them."""
    two_stories()
    rebuild()
    good = snapshot()
    StoryTerm.objects.all().delete()
    TermStat.objects.all().delete()
    Story.objects.update(fingerprint={})
    StoryItem.objects.update(url_key="", headline_key="")
    report = rebuild()
    assert report["stories_changed"] == 2 and report["keys_changed"] == 3
    assert snapshot() == good
    # Matching works on the rebuilt state: the Ghana story still gathers its copy.
    copy = wire(source("partner"), "p1", GHANA_B[0], GHANA_B[1] + " Extra.")
    assert assign(copy) == StoryItem.objects.get(item__guid="m1").story


def test_rebuild_prints_a_summary_without_json():
    """Without --json the command prints one readable summary line."""
    out = StringIO()
    call_command("stories", "rebuild", stdout=out, stderr=StringIO())
    assert "stories: 0" in out.getvalue()


@pytest.mark.parametrize(("role", "allowed"), [("editor", True), ("writer", False)])
def test_an_editor_can_split_and_merge_stories_a_writer_cannot(
    client, django_user_model, role, allowed
):
    """Editors merge and split stories (issue 4): the editor role holds the
    story permissions the admin's split page and merge action ask for; a
    writer's are refused."""
    from tests.test_desk_fixtures import make_user

    ghana, other, (_, northwind, _) = two_stories()
    user = make_user(django_user_model, role, role)
    user.is_staff = True  # reaches the admin, as the demo's editor does
    user.save()
    client.force_login(user)
    response = client.post(split_url(ghana), {"items": [northwind.pk]})
    assert (response.status_code == 302) is allowed
    assert Story.objects.count() == (3 if allowed else 2)
    client.post(
        reverse("admin:stories_story_changelist"),
        {"action": "merge_stories", "_selected_action": [ghana.pk, other.pk]},
    )
    # The editor's three become two; the writer's two would have become one.
    assert Story.objects.count() == 2


def test_a_split_names_an_item_id_that_is_not_a_number(editor):
    """A tampered form gets the editor's message, not Python's."""
    ghana, _, _ = two_stories()
    response = editor.post(split_url(ghana), {"items": ["abc"]}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["Unknown item 'abc': choose items of this story."]


def test_a_split_of_a_version_says_its_item_moved_with_it(editor):
    """Ticking only Northwind's later version moves its first version too (a
    version stays with its item): the editor is told, not left to find out."""
    ghana, _, (_, northwind, _) = two_stories()
    update = wire(source("northwind"), "n1", GHANA_B[0], GHANA_B[1] + " More.", hours=3)
    assert assign(update) == ghana
    response = editor.post(split_url(ghana), {"items": [update.pk]}, follow=True)
    (shown,) = [str(m) for m in response.context["messages"]]
    assert shown.endswith(f"Northwind Agency “{northwind.headline}” (version 1).")
    moved = StoryItem.objects.get(item=northwind).story
    assert moved != ghana and StoryItem.objects.get(item=update).story == moved
