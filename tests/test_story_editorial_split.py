"""Ticking only a version in the split form moves the item it is a version of.

A version stays with its item, so a split moves each agency item with all its
versions. The editor who ticked only Northwind's later version was told that "1
more" moved, not which: the form now shows, beside each item, the items that move
with it, and the message after the split names them.
"""

from __future__ import annotations

import re

import pytest

from tests.test_story_editing import editor, split_url, two_stories  # noqa: F401
from tests.test_story_versions import GHANA_B, source, wire
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db


def with_update() -> tuple[Story, object, object, object]:
    """The Ghana story, with Northwind's item n1 sent again as version 2:
    (story, Meridian's item, Northwind's first version, its second)."""
    ghana, _, (meridian, northwind, _) = two_stories()
    update = wire(source("northwind"), "n1", GHANA_B[0], GHANA_B[1] + " More.", hours=3)
    assert assign(update) == ghana
    update.refresh_from_db()
    northwind.refresh_from_db()
    assert (northwind.version, update.version) == (1, 2)
    return ghana, meridian, northwind, update


def row(page: str, item_id: int) -> str:
    """The split form's table row of one item."""
    found = re.search(
        rf'<tr>\s*<td><input type="checkbox" name="items" value="{item_id}".*?</tr>',
        page,
        re.S,
    )
    assert found, page
    return found.group(0)


def test_the_form_shows_which_items_move_together(editor):  # noqa: F811
    ghana, meridian, northwind, update = with_update()
    page = editor.get(split_url(ghana)).content.decode()
    assert "Moves with" in page
    assert "An item moves with all its versions" in page
    assert (
        f'<label for="split-item-{northwind.pk}">Northwind Agency, version 1 (new)'
        in row(page, update.pk)
    )
    assert f'<label for="split-item-{update.pk}">Northwind Agency, version 2' in row(
        page, northwind.pk
    )
    # Meridian's item moves alone: nothing under "Moves with".
    assert row(page, meridian.pk).rsplit("<td>", 1)[1].startswith("—</td>")


def test_ticking_only_a_version_names_the_item_moved_with_it(editor):  # noqa: F811
    ghana, _, northwind, update = with_update()
    response = editor.post(split_url(ghana), {"items": [update.pk]}, follow=True)
    new = StoryItem.objects.get(item=update).story
    assert new != ghana and StoryItem.objects.get(item=northwind).story == new
    (shown,) = [str(m) for m in response.context["messages"]]
    assert shown == (
        f"Split into story {new.pk}; matching keeps the two apart. Also moved, as "
        "versions of the same agency items as those ticked (an item moves with "
        f"all its versions): Northwind Agency “{northwind.headline}” (version 1)."
    )


def test_ticking_every_version_moves_nothing_more(editor):  # noqa: F811
    ghana, _, northwind, update = with_update()
    response = editor.post(
        split_url(ghana), {"items": [northwind.pk, update.pk]}, follow=True
    )
    (shown,) = [str(m) for m in response.context["messages"]]
    new = StoryItem.objects.get(item=update).story
    assert shown == f"Split into story {new.pk}; matching keeps the two apart."
