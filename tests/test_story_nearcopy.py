"""Near-copies find their story through indexed LSH bands, on SQLite and PostgreSQL.

Items are stored as ingest stores them and placed by ``clustering.assign``, the code
that runs in production. The texts are the made-up dock strike of test_nearcopy.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.test_nearcopy import BODY, EDITED, HEADLINE, RETOLD
from tests.test_story_versions import source, wire
from wiredesk.ingest.wire import Signal
from wiredesk.stories import editing, nearcopy
from wiredesk.stories.clustering import assign, item_time, nearcopy_match
from wiredesk.stories.models import Story, StoryBand, StoryItem

pytestmark = pytest.mark.django_db

BANK = (
    "Marovia's central bank holds rates at 6.5 percent",
    "The central bank of Marovia kept its main interest rate at 6.5 percent on "
    "Wednesday, saying inflation had eased for a third month running while growth "
    "in lending to households remained too strong to cut borrowing costs. Governor "
    "Ilse Carvaro said the board would look again at rates in six weeks.",
)


def bands_of(item) -> list[tuple[int, int, int]]:
    """(band number, band hash, story id) rows stored for ``item``."""
    return sorted(
        StoryBand.objects.filter(link__item=item).values_list(
            "band_no", "band_hash", "story_id"
        )
    )


def rebuild() -> dict:
    out = StringIO()
    call_command("stories", "rebuild", "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_a_lightly_edited_reissue_under_a_new_guid_is_a_version():
    """The agency's own edited copy, new guid and no mark: a version, not an agency."""
    kestrel = source("kestrel")
    first = wire(kestrel, "k-100", HEADLINE, BODY)
    story = assign(first)
    again = wire(kestrel, "k-100-b", HEADLINE, EDITED, hours=2)
    assert assign(again) == story
    link = StoryItem.objects.get(item=again)
    assert link.role == StoryItem.Role.VERSION
    assert link.supersedes == first
    expected = nearcopy.estimate(
        nearcopy.signature(HEADLINE, BODY), nearcopy.signature(HEADLINE, EDITED)
    )
    assert link.score == pytest.approx(expected)
    story.refresh_from_db()
    assert story.agencies() == ["Kestrel Agency"]
    assert story.primary_item == again  # the re-issue replaced the first copy


def test_a_near_copy_from_another_source_credits_that_agency():
    """A partner's lightly edited copy of the text joins as that agency's telling."""
    story = assign(wire(source("kestrel", 10), "k-100", HEADLINE, BODY))
    partner = wire(source("harbourline", 20), "h-7", f"UPDATE 1-{HEADLINE}", EDITED)
    assert assign(partner) == story
    link = StoryItem.objects.get(item=partner)
    assert link.role == StoryItem.Role.SOURCE and link.supersedes is None
    assert link.score >= nearcopy.THRESHOLD
    assert story.agencies() == ["Kestrel Agency", "Harbourline Agency"]


def test_an_unrelated_item_starts_its_own_story_and_every_item_has_bands():
    """A different story shares no band; each placed item stores BANDS rows."""
    first = wire(source("kestrel"), "k-100", HEADLINE, BODY)
    bank = wire(source("harbourline"), "h-8", *BANK, hours=1)
    strike, rates = assign(first), assign(bank)
    assert strike != rates
    first_bands, bank_bands = bands_of(first), bands_of(bank)
    assert len(first_bands) == len(bank_bands) == nearcopy.BANDS
    assert {b[2] for b in first_bands} == {strike.pk}
    assert not {b[:2] for b in first_bands} & {b[:2] for b in bank_bands}


def test_another_agencys_own_words_are_no_near_copy():
    """A retelling of the event is left to the scorer: the near-copy level passes."""
    assign(wire(source("kestrel"), "k-100", HEADLINE, BODY))
    retold = wire(source("harbourline"), "h-9", "Dock strike halts Port Verlin", RETOLD)
    signature = nearcopy.signature(retold.headline, retold.body_text)
    assert nearcopy_match(retold, signature, item_time(retold), set()) is None


def test_a_near_copy_outside_the_story_window_starts_a_new_story():
    """A copy sent four days later is not joined to the old story."""
    kestrel = source("kestrel")
    story = assign(wire(kestrel, "k-100", HEADLINE, BODY))
    late = wire(kestrel, "k-200", HEADLINE, EDITED, hours=96)
    assert assign(late) != story


def test_a_kill_notice_has_no_signature_and_no_bands():
    """Kill boilerplate is alike for every story: it is never a near-copy key."""
    kestrel = source("kestrel")
    story = assign(wire(kestrel, "k-100", HEADLINE, BODY))
    kill = wire(
        kestrel,
        "k-100",
        "KILL - Harbour cranes halted at Port Verlin",
        "Editors: the story headlined 'Harbour cranes halted at Port Verlin' has "
        "been withdrawn. There will be no substitute. Please remove it from all "
        "your files and services.",
        signal=Signal.KILL,
        hours=1,
    )
    assert assign(kill) == story
    assert StoryItem.objects.get(item=kill).minhash is None
    assert bands_of(kill) == []


def test_rebuild_restores_signatures_and_bands():
    """Wiped bands and signatures come back identical; a second run changes none."""
    first = wire(source("kestrel", 10), "k-100", HEADLINE, BODY)
    partner = wire(source("harbourline", 20), "h-7", HEADLINE, EDITED, hours=1)
    bank = wire(source("coastal", 30), "c-1", *BANK, hours=2)
    for item in (first, partner, bank):
        assign(item)
    rebuild()
    good = {item.pk: bands_of(item) for item in (first, partner, bank)}
    signatures = dict(StoryItem.objects.values_list("item_id", "minhash"))
    StoryBand.objects.all().delete()
    StoryItem.objects.update(minhash=None)
    report = rebuild()
    assert report["bands_changed"] == 3
    assert {item.pk: bands_of(item) for item in (first, partner, bank)} == good
    restored = dict(StoryItem.objects.values_list("item_id", "minhash"))
    assert {k: bytes(v) for k, v in restored.items()} == {
        k: bytes(v) for k, v in signatures.items()
    }
    assert rebuild()["bands_changed"] == 0
    # Matching works on the rebuilt bands: the edited copy again finds the story.
    third = wire(source("delta"), "d-1", HEADLINE, EDITED + " More later.", hours=3)
    assert assign(third) == StoryItem.objects.get(item=first).story


def test_split_and_merge_move_the_bands_with_the_items():
    """After a split the moved item's bands name its new story, after a merge the
    survivor; matching then follows them."""
    first = wire(source("kestrel", 10), "k-100", HEADLINE, BODY)
    partner = wire(source("harbourline", 20), "h-7", HEADLINE, EDITED, hours=1)
    story = assign(first)
    assert assign(partner) == story
    new = editing.split(story, [partner.pk])
    assert {b[2] for b in bands_of(partner)} == {new.pk}
    assert {b[2] for b in bands_of(first)} == {story.pk}
    survivor = editing.merge([story, new]).story
    assert not Story.objects.filter(pk=new.pk).exists()
    assert {b[2] for b in bands_of(partner) + bands_of(first)} == {survivor.pk}
