"""The refinement job puts right an item placed in a look-alike story too early.

The wrong early decision is made by hand (``place_wrongly``): the item is stored
and folded into the look-alike story with the same row writes ``assign`` makes, as
if online matching had chosen it (online, the item's own story often does not exist
yet; once it has formed, the job must find it). Everything
else is production code: ``assign`` for the other items, ``editing.split`` for an
editor's split, and the job itself as the scheduler's task runs it.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.test_story_versions import GHANA_A, GHANA_B, OTHER, source, wire
from wiredesk import registry
from wiredesk.desk.models import Article
from wiredesk.ingest.models import WireItem
from wiredesk.stories import clustering, editing, similarity, split, versions
from wiredesk.stories import refine as refine_module
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import Story, StoryItem, StoryTerm
from wiredesk.stories.refine import EVERY, refine

pytestmark = pytest.mark.django_db(transaction=False)


def place_wrongly(item: WireItem, story: Story) -> None:
    """Put ``item`` in ``story`` as an agency item, writing what assign writes."""
    counts = similarity.terms(item.headline, item.body_text)
    stats = clustering.count_terms(counts)
    fp = similarity.weigh(counts, clustering.rarity(counts, stats))
    link = StoryItem.objects.create(
        story=story,
        item=item,
        role=StoryItem.Role.SOURCE,
        score=0.3,
        url_key=versions.url_key(item.url),
        headline_key=versions.headline_key(item.headline),
        minhash=None,
    )
    clustering.fold(story, fp, new_item=True, item=link.item)
    clustering.refresh(story)
    story.save()


def early_mistake() -> tuple[Story, WireItem, WireItem]:
    """The look-alike story holding Meridian's Ghana item, placed there wrongly.

    Northwind and a third agency (Northwind's text, word for word) tell the Ghana
    story, which online matching keeps apart from the look-alike; Meridian's Ghana
    item is then placed in the look-alike, as a wrong online decision would.
    """
    lookalike = assign(wire(source("coastal", 30), "c1", *OTHER))
    later = wire(source("northwind", 20), "n1", *GHANA_B, hours=1)
    ghana = assign(later)
    assert assign(wire(source("harbour", 40), "h1", *GHANA_B, hours=2)) == ghana
    assert ghana != lookalike
    early = wire(source("meridian", 10), "m1", *GHANA_A, hours=3)
    place_wrongly(early, lookalike)
    return lookalike, early, later


def story_of(item: WireItem) -> Story:
    return StoryItem.objects.select_related("story").get(item=item).story


def test_item_in_a_look_alike_story_moves_to_its_own_story():
    """Meridian's Ghana item leaves the look-alike and is credited on Ghana."""
    lookalike, early, later = early_mistake()
    report = refine()
    ghana = story_of(later)
    assert story_of(early) == ghana
    assert report.moved == 1
    assert set(ghana.agencies()) == {
        "Meridian Agency",
        "Northwind Agency",
        "Harbour Agency",
    }
    lookalike.refresh_from_db()
    assert lookalike.agencies() == ["Coastal Agency"]
    # Nothing more to put right: a second run moves nothing.
    assert refine().moved == 0


def test_profiles_and_keys_of_both_stories_follow_the_move():
    """After the move a new Ghana item matches Ghana, a new look-alike item its own."""
    lookalike, early, later = early_mistake()
    refine()
    ghana = story_of(later)
    lookalike.refresh_from_db()
    assert lookalike.fingerprint["items"] == 1
    assert ghana.fingerprint["items"] == 3
    ghana_terms = set(
        StoryTerm.objects.filter(story=ghana).values_list("term", flat=True)
    )
    assert "@ghana" in ghana_terms
    assert "@ghana" not in lookalike.fingerprint["total"]
    again = wire(source("meridian"), "m2", *GHANA_A, hours=5)
    StoryItem.objects.filter(item=early).delete()  # its text: matched afresh
    assert assign(again) == ghana
    other = wire(source("coastal"), "c2", OTHER[0], OTHER[1] + " More.", hours=5)
    assert assign(other) == lookalike


def test_versions_move_with_their_item():
    """A later version of the misplaced item goes with it, still a version."""
    lookalike, early, later = early_mistake()
    update = wire(
        source("meridian"), "m1", GHANA_A[0], GHANA_A[1] + " More.", hours=1.5
    )
    assert update.pk != early.pk and assign(update) == lookalike
    refine()
    ghana = story_of(later)
    assert story_of(early) == story_of(update) == ghana
    link = StoryItem.objects.get(item=update)
    assert link.role == StoryItem.Role.VERSION and link.supersedes_id == early.pk
    assert ghana.primary_item_id != early.pk  # the replaced version never leads


def test_never_moves_an_item_into_a_story_it_was_split_from():
    """An editor split Meridian's item from Ghana: the job leaves it where it is."""
    lookalike, early, later = early_mistake()
    refine()
    ghana = story_of(later)
    alone = editing.split(ghana, [early.pk])
    # The wrong place again, then the job: Ghana is out of bounds for the item.
    StoryItem.objects.filter(item=early).update(story=lookalike)
    editing._recompute(lookalike)
    Story.objects.filter(pk=alone.pk).delete()
    report = refine()
    assert story_of(early) != ghana
    assert report.moved == 0


@pytest.mark.parametrize("status", ["published", "in_review"])
def test_stories_the_desk_has_taken_up_are_left_alone(status):
    """A published look-alike keeps the item; the job counts it as protected."""
    lookalike, early, _ = early_mistake()
    Article.objects.create(story=lookalike, headline="Look-alike", status=status)
    report = refine()
    assert story_of(early) == lookalike
    assert report.protected >= 1 and report.moved == 0


def test_job_is_on_by_default_and_the_setting_turns_it_off(settings):
    """STORY_REFINE is on unless set; turned off, the scheduler's run leaves an
    early mistake as it is."""
    from wiredesk import conf

    assert conf.env_bool("STORY_REFINE") or os.environ.get("STORY_REFINE")
    settings.STORY_REFINE = False
    job = registry.periodic_jobs.get("stories-refine")
    _, early, later = early_mistake()
    job.run()
    assert story_of(early) != story_of(later)


def test_job_is_registered_and_its_task_runs_over_recent_changes(settings):
    """The scheduler finds the job; its task refines what changed lately."""
    settings.STORY_REFINE = True
    job = registry.periodic_jobs.get("stories-refine")
    assert job.every == EVERY
    _, early, later = early_mistake()
    job.run()  # tests run tasks at once (ImmediateBackend)
    assert story_of(early) == story_of(later)
    # Nothing changed since: a run limited to the last periods finds nothing.
    assert refine(timezone.now() + timedelta(seconds=1)).stories == 0


@pytest.mark.parametrize("flag", ["--no-refine", "--refine"])
def test_eval_runs_with_and_without_the_job_and_keeps_its_keys(
    tmp_path, django_db_blocker, flag
):
    """Both ways the eval prints the contract's figures and nothing more."""
    from tests.test_story_eval import _eval, _write_set

    articles, pairs = _write_set(tmp_path)
    figures = json.loads(_eval(django_db_blocker, articles, pairs, "--json", flag))
    assert set(figures) == {
        "articles", "pairs", "precision", "recall", "f1",
        "bcubed_precision", "bcubed_recall", "bcubed_f1",
    }  # fmt: skip
    assert figures["articles"] == 6


def test_a_story_with_an_article_is_never_emptied():
    """Both items of a story fit other stories better, but its draft article must
    keep a story: one item stays, the other moves."""
    other = assign(wire(source("coastal", 30), "c1", *OTHER))
    assert assign(wire(source("coastal2", 31), "c2", *OTHER, hours=1)) == other
    ghana = assign(wire(source("northwind", 20), "n1", *GHANA_B, hours=1))
    assert assign(wire(source("harbour", 40), "h1", *GHANA_B, hours=2)) == ghana
    when = timezone.now() + timedelta(hours=3)
    mixed = Story.objects.create(headline="mixed", created_at=when, updated_at=when)
    place_wrongly(wire(source("meridian", 10), "m1", *GHANA_A, hours=3), mixed)
    place_wrongly(wire(source("coastal3", 32), "c3", *OTHER, hours=3), mixed)
    article = Article.objects.filter(story=mixed).first() or Article.objects.create(
        story=mixed, headline="Draft of the mixed story"
    )
    refine()
    article.refresh_from_db()
    assert article.story_id == mixed.pk
    assert StoryItem.objects.filter(story=mixed).count() == 1


def test_a_tag_an_editor_set_keeps_the_story_as_it_is():
    """A draft whose country an editor chose is the desk's: the job moves nothing."""
    lookalike, early, later = early_mistake()
    article = Article.objects.filter(story=lookalike).first() or Article(
        story=lookalike, headline="Draft"
    )
    article.overridden_fields = ["country"]
    article.save()
    report = refine()
    assert story_of(early) == lookalike and story_of(later) != lookalike
    assert report.protected >= 1


# -- two events in one story -----------------------------------------------------------
#
# Two invented earthquakes, three agencies' tellings of each: the same vocabulary,
# other places, people, magnitudes, tolls and dates.

KELSBROOK = [
    (
        "Magnitude 6.1 earthquake kills 14 in Kelsbrook",
        "KELSBROOK (Meridian) - An earthquake of magnitude 6.1 struck Kelsbrook in "
        "Marrow County on March 12, killing 14 people and injuring 230, Governor "
        "Ilse Vantongeren said. Rescue teams searched collapsed buildings in the "
        "old town of Kelsbrook through the night.",
    ),
    (
        "Kelsbrook quake toll rises to 14",
        "Kelsbrook (Northwind) - Fourteen people died and 230 were hurt when a 6.1 "
        "magnitude earthquake shook Kelsbrook on March 12. Governor Ilse "
        "Vantongeren said Marrow County had asked for tents and water. Rescue "
        "teams worked through the rubble of collapsed buildings.",
    ),
    (
        "Strong earthquake hits Marrow County, 14 dead",
        "The 6.1 earthquake that hit Kelsbrook in Marrow County on March 12 killed "
        "14 people, Governor Ilse Vantongeren told reporters, and 230 were injured. "
        "Collapsed buildings blocked streets in Kelsbrook as rescue teams searched.",
    ),
]
DUNMORE = [
    (
        "Magnitude 5.4 earthquake kills 23 in Dunmore Valley",
        "DUNMORE (Meridian) - An earthquake of magnitude 5.4 struck the Dunmore "
        "Valley in Ostrava Province on October 3, killing 23 people and injuring "
        "410, Mayor Teodor Halvorsen said. Rescue teams searched collapsed "
        "buildings in Dunmore through the night.",
    ),
    (
        "Dunmore Valley quake toll rises to 23",
        "Dunmore (Northwind) - Twenty-three people died and 410 were hurt when a "
        "5.4 magnitude earthquake shook the Dunmore Valley on October 3. Mayor "
        "Teodor Halvorsen said Ostrava Province had asked for tents and water. "
        "Rescue teams worked through the rubble of collapsed buildings.",
    ),
    (
        "Strong earthquake hits Ostrava Province, 23 dead",
        "The 5.4 earthquake that hit the Dunmore Valley in Ostrava Province on "
        "October 3 killed 23 people, Mayor Teodor Halvorsen told reporters, and 410 "
        "were injured. Collapsed buildings blocked streets in Dunmore as rescue "
        "teams searched.",
    ),
]
AGENCIES = ["meridian", "northwind", "harbour"]


def mixed_story() -> tuple[Story, list[WireItem], list[WireItem]]:
    """One story holding three agencies' Kelsbrook items and their Dunmore items,
    as online matching leaves it when Dunmore's first item joins Kelsbrook."""
    kelsbrook = [
        wire(source(f"{slug}-k"), f"k{n}", *text, hours=n)
        for n, (slug, text) in enumerate(zip(AGENCIES, KELSBROOK, strict=True))
    ]
    story = assign(kelsbrook[0])
    for item in kelsbrook[1:]:
        place_wrongly(item, story) if story_of_or_none(item) is None else None
    dunmore = [
        wire(source(f"{slug}-d"), f"d{n}", *text, hours=3 + n)
        for n, (slug, text) in enumerate(zip(AGENCIES, DUNMORE, strict=True))
    ]
    for item in dunmore:
        place_wrongly(item, story)
    return story, kelsbrook, dunmore


def story_of_or_none(item: WireItem) -> Story | None:
    link = StoryItem.objects.select_related("story").filter(item=item).first()
    return link.story if link else None


def test_a_story_telling_two_events_is_cut_in_two():
    """Kelsbrook's and Dunmore's items end in two stories, each with its three; the
    story keeps the half its primary item (the draft's copy) is in."""
    story, kelsbrook, dunmore = mixed_story()
    story.refresh_from_db()
    primary = story.primary_item_id
    report = refine()
    assert report.cut == 1
    (quake_k,) = {story_of(item) for item in kelsbrook}
    (quake_d,) = {story_of(item) for item in dunmore}
    assert quake_k != quake_d and story in (quake_k, quake_d)
    assert story_of(WireItem.objects.get(pk=primary)) == story
    for quake, place, elsewhere in (
        (quake_k, "@kelsbrook", "@dunmore"),
        (quake_d, "@dunmore", "@kelsbrook"),
    ):
        assert quake.fingerprint["items"] == 3
        assert place in quake.fingerprint["total"]
        assert elsewhere not in quake.fingerprint["total"]
    # A new Dunmore telling now matches the Dunmore story.
    later = wire(source("coastal"), "c1", *DUNMORE[0], hours=8)
    assert assign(later) == quake_d
    # Nothing more to put right: a second run leaves both as they are.
    again = refine()
    assert again.cut == 0 and again.merged == 0


def test_a_story_of_one_event_is_not_cut():
    """Six tellings of one quake stay one story."""
    items = [
        wire(source(f"{slug}-{n}"), f"k{n}{slug}", *text, hours=n)
        for n in range(2)
        for slug, text in zip(AGENCIES, KELSBROOK, strict=True)
    ]
    story = assign(items[0])
    for item in items[1:]:
        if story_of_or_none(item) is None:
            place_wrongly(item, story)
    report = refine()
    assert report.cut == 0
    assert {story_of(item) for item in items} == {story}


@pytest.mark.parametrize("status", ["published", "scheduled"])
def test_a_story_the_desk_has_taken_up_is_not_cut(status):
    """Published (or scheduled) as it is: the desk decides, the job leaves it whole."""
    story, kelsbrook, dunmore = mixed_story()
    article = Article.objects.filter(story=story).first() or Article(
        story=story, headline="Quake"
    )
    article.status = status
    article.save()
    report = refine()
    assert report.cut == 0 and report.protected >= 1
    assert {story_of(item) for item in kelsbrook + dunmore} == {story}


def test_a_story_an_editor_split_is_not_cut_again():
    """An editor split a stray flood item out of the quake story: the editor has
    decided what the story holds, so the job neither cuts it nor joins the flood
    item back."""
    story, kelsbrook, dunmore = mixed_story()
    flood = wire(source("coastal"), "f1", *OTHER, hours=7)
    place_wrongly(flood, story)
    alone = editing.split(story, [flood.pk])
    report = refine()
    assert report.cut == 0
    assert {story_of(item) for item in kelsbrook + dunmore} == {story}
    assert story_of(flood) == alone


def test_a_story_an_editor_merged_is_not_cut():
    """An editor merged the Dunmore story into the Kelsbrook one (say, a follow-up
    the desk wants told as one): the job leaves the merged story whole."""
    kelsbrook = [
        wire(source(f"{slug}-k"), f"k{n}", *text, hours=n)
        for n, (slug, text) in enumerate(zip(AGENCIES, KELSBROOK, strict=True))
    ]
    dunmore = [
        wire(source(f"{slug}-d"), f"d{n}", *text, hours=3 + n)
        for n, (slug, text) in enumerate(zip(AGENCIES, DUNMORE, strict=True))
    ]
    stories = {assign(item) for item in kelsbrook + dunmore}
    if len(stories) < 2:
        pytest.skip("online matching already joined the two quakes")
    merged = editing.merge(stories).story
    assert merged.editor_merged
    report = refine()
    assert report.cut == 0
    assert {story_of(item) for item in kelsbrook + dunmore} == {merged}


def kelsbrook_story() -> Story:
    """The Kelsbrook quake's story, every telling in it."""
    story = assign(wire(source("meridian"), "k0", *KELSBROOK[0]))
    for n, text in enumerate(KELSBROOK[1:], 1):
        item = wire(source(f"agency{n}"), f"k{n}", *text, hours=n)
        if story_of_or_none(item) is None:
            place_wrongly(item, story)
    return story


def story_of_one(item: WireItem) -> Story:
    """``item`` left in a story of its own, with the story's keys stored."""
    when = timezone.now()
    alone = Story.objects.create(headline="alone", created_at=when, updated_at=when)
    place_wrongly(item, alone)
    clustering.store_keys(alone, similarity.StoryProfile.from_json(
        Story.objects.get(pk=alone.pk).fingerprint
    ))  # fmt: skip
    return alone


def test_a_fragment_of_an_event_joins_its_story():
    """A Kelsbrook telling left in a story of its own joins the Kelsbrook story."""
    story = kelsbrook_story()
    late = wire(source("coastal"), "k9", *KELSBROOK[2], hours=4)
    fragment = story_of_one(late)
    report = refine()
    assert report.merged == 1
    assert story_of(late) == story
    assert not Story.objects.filter(pk=fragment.pk).exists()


def test_an_item_an_editor_split_away_is_not_joined_back():
    """The same fragment, split away by an editor: it stays a story of its own."""
    story = assign(wire(source("meridian"), "k0", *KELSBROOK[0]))
    late = None
    for n, text in enumerate(KELSBROOK[1:], 1):
        late = wire(source(f"agency{n}"), f"k{n}", *text, hours=n)
        if story_of_or_none(late) is None:
            place_wrongly(late, story)
    alone = editing.split(story, [late.pk])
    report = refine()
    assert report.merged == 0
    assert story_of(late) == alone != story


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = sum(w * w for w in weights.values()) ** 0.5
    return {term: w / norm for term, w in weights.items()}


def test_the_cut_follows_the_events_not_an_odd_telling():
    """Four tellings of each quake, plus one of each mostly about something else
    (aid pledged abroad, a camp for the homeless): the two tellings least alike are
    the odd ones, and a cut started from them alone left one odd telling by itself.
    The cut is between the quakes, each odd telling with its own quake."""
    common = {"quake": 1.0, "rescue": 1.0, "collapsed": 1.0}
    kelsbrook = [
        _unit({**common, "@kelsbrook": 2, "m3": 1.5, "#14": 1.5, "@ilse": 1 + n / 10})
        for n in range(4)
    ]
    dunmore = [
        _unit({**common, "@dunmore": 2, "m10": 1.5, "#23": 1.5, "@teodor": 1 + n / 10})
        for n in range(4)
    ]
    odd_k = _unit({"@kelsbrook": 1, "aid": 2, "pledge": 2, "@unicef": 2, "donor": 2})
    odd_d = _unit({"@dunmore": 1, "aftershock": 2, "tent": 2, "@red cross": 2})
    parts = split.cut([*kelsbrook, odd_k, *dunmore, odd_d])
    assert parts is not None
    assert sorted(map(sorted, parts)) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]


def test_a_lone_telling_of_another_event_stays_apart():
    """A Dunmore telling left alone beside the Kelsbrook story is not joined to it:
    a story of one item joins a larger one only when each scores the other at
    least the matching threshold, as online matching would decide now."""
    story = kelsbrook_story()
    other = wire(source("coastal"), "d9", *DUNMORE[0], hours=4)
    alone = story_of_one(other)
    report = refine()
    assert report.merged == 0
    assert story_of(other) == alone != story


# -- whether a cut stands out from chance ----------------------------------------------

COMMON = {"quake": 1.0, "rescue": 1.0, "collapsed": 1.0}


def two_quakes() -> list[dict[str, float]]:
    """Four tellings of each quake, each telling with a word of its own."""
    kelsbrook = [
        _unit({**COMMON, "@kelsbrook": 2, "m3": 1.5, "#14": 1.5, f"k{n}": 1})
        for n in range(4)
    ]
    dunmore = [
        _unit({**COMMON, "@dunmore": 2, "m10": 1.5, "#23": 1.5, f"d{n}": 1})
        for n in range(4)
    ]
    return kelsbrook + dunmore


def one_quake() -> list[dict[str, float]]:
    """Eight tellings of one quake, each citing five of ten details: any two
    halves differ in their details, but no details go together."""
    details = ["@kelsbrook", "m3", "#14", "@ilse", "toll", "aid", "tent", "@marrow"]
    details += ["injured", "night"]
    return [
        _unit({**COMMON, **{details[(3 * n + j) % 10]: 1.5 for j in range(5)}})
        for n in range(8)
    ]


def test_a_cut_between_two_events_stands_out_from_chance():
    """Two quakes' tellings fall into blocks of terms used together; the tellings
    of one quake differ as much item by item but in no blocks: their best cut
    separates them hardly better than the same terms shuffled do."""
    two, one = two_quakes(), one_quake()
    two_parts, one_parts = split.cut(two), split.cut(one)
    assert sorted(map(sorted, two_parts)) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert split.surprise(two, two_parts) > 3 * split.surprise(one, one_parts)
    # Repeatable: the shuffles are drawn from a fixed seed.
    assert split.surprise(one, one_parts) == split.surprise(one, one_parts)


def test_halves_that_disagree_by_chance_are_not_cut():
    """Halves whose specifics disagree well above APART are one event when the cut
    is no better than chance; the same disagreement between two blocks of items
    tells two events, and halves that agree are one event however clean the cut."""
    one = one_quake()
    by_chance = split.Halves(split.cut(one), disagreement=1.0)
    two = two_quakes()
    between = split.Halves(split.cut(two), disagreement=1.0)
    assert not refine_module.two_events(by_chance, one)
    assert refine_module.two_events(between, two)
    agreeing = split.Halves(between.parts, disagreement=refine_module.APART / 2)
    assert not refine_module.two_events(agreeing, two)


def test_without_evidence_the_disagreement_alone_decides(monkeypatch):
    monkeypatch.setattr(refine_module, "EVIDENCE", None)
    one = one_quake()
    assert refine_module.two_events(split.Halves(split.cut(one), 1.0), one)
    assert not refine_module.two_events(split.Halves(split.cut(one), 0.5), one)


def tellings(count: int, name: str, month: str) -> list[dict[str, float]]:
    """``count`` tellings of one quake, by ``name`` in ``month``, in seven wordings."""
    return [
        _unit({**COMMON, name: 2, month: 1.5, f"{name}{n % 7}": 1})
        for n in range(count)
    ]


def test_a_large_storys_surprise_looks_at_evenly_spaced_items():
    """Past SURPRISE_ITEMS the draws (six cuts, growing with the square of the
    items, under the match lock) look at evenly spaced items only: both halves
    keep their share, so two events still stand out and one does not."""

    two = tellings(40, "@kelsbrook", "m3") + tellings(40, "@dunmore", "m10")
    parts = (list(range(40)), list(range(40, 80)))
    one = tellings(80, "@kelsbrook", "m3")
    assert split.surprise(two, parts) > 3 * max(split.surprise(one, parts), 1.0)
    step = 80 / split.SURPRISE_ITEMS
    kept = [int(i * step) for i in range(split.SURPRISE_ITEMS)]
    sample = [two[i] for i in kept]
    sample_parts = tuple([k for k, i in enumerate(kept) if i in p] for p in parts)
    assert split.surprise(two, parts) == split.surprise(sample, sample_parts)


def test_a_large_storys_cut_starts_from_the_least_alike_pairs_only(monkeypatch):
    """Each start of the cut is a 2-means run: a story of 240 items ran 240 of
    them (8.8 s of CPU under the match lock). Past PAIR_STARTS pairs only the
    least alike are tried, and two events are still told apart."""

    two = tellings(50, "@kelsbrook", "m3") + tellings(50, "@dunmore", "m10")
    runs = []
    real = split._two_means
    monkeypatch.setattr(
        split, "_two_means", lambda vectors, side: runs.append(1) or real(vectors, side)
    )
    parts = split.cut(two)
    assert sorted(map(sorted, parts)) == [list(range(50)), list(range(50, 100))]
    assert len(runs) <= split.PAIR_STARTS + 1  # and the principal direction
