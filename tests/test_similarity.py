"""Story fingerprints and their similarity, on the demo wire's invented copy.

Each demo item's text goes the way the pipeline stores it: the wire service's
escaped <p> HTML, sanitised, then turned into plain text.
"""

from __future__ import annotations

import math
from itertools import combinations

import pytest
from django.utils.html import escape

from wiredesk.demo.content import (
    CROSS_AGENCY_STORIES,
    ITEMS,
    LOOKALIKE_GUID,
    UPDATED_GUID,
)
from wiredesk.ingest.sanitise import clean_html, clean_text, html_to_text
from wiredesk.stories.clustering import THRESHOLD
from wiredesk.stories.similarity import (
    SCORERS,
    StoryProfile,
    conflicts,
    coverage,
    fingerprint,
    kind,
    merge,
    similarity,
    terms,
    top_terms,
)

BY_GUID = {item.guid: item for item in ITEMS}
STORY_OF = {guid: n for n, story in enumerate(CROSS_AGENCY_STORIES) for guid in story}
STORY_B = CROSS_AGENCY_STORIES[1]


def _stored(guid: str, version: int = 0) -> tuple[str, str]:
    """(headline, body_text) of a demo item as the ingest pipeline would store it."""
    v = BY_GUID[guid].versions[version]
    body_html = "".join(f"<p>{escape(p)}</p>" for p in v.paragraphs)
    return clean_text(v.headline), html_to_text(clean_html(body_html))


def _fp(guid: str, version: int = 0) -> dict[str, float]:
    return fingerprint(*_stored(guid, version))


def _score(a: str, b: str) -> float:
    return similarity(_fp(a), _fp(b))


# -- the demo's stories ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [pair for story in CROSS_AGENCY_STORIES for pair in combinations(story, 2)],
)
def test_cross_agency_copies_of_one_story_match(a, b):
    """Two agencies' own words on one event score at or above the threshold."""
    assert _score(a, b) >= THRESHOLD


@pytest.mark.parametrize("other", STORY_B)
def test_lookalike_flood_stays_apart_from_story_b(other):
    """A flood elsewhere (other names, place, figures) scores below the threshold."""
    assert _score(LOOKALIKE_GUID, other) < THRESHOLD


def test_unrelated_demo_items_score_low():
    """Items from different stories score well below the threshold."""
    guids = [item.guid for item in ITEMS]
    too_close = [
        (a, b, round(_score(a, b), 3))
        for a, b in combinations(guids, 2)
        if STORY_OF.get(a, a) != STORY_OF.get(b, b) and _score(a, b) >= THRESHOLD * 0.8
    ]
    assert too_close == []


def test_story_pairs_beat_every_unrelated_pair():
    """The weakest true pair scores above the strongest unrelated pair."""
    guids = [item.guid for item in ITEMS]
    same = [_score(*pair) for s in CROSS_AGENCY_STORIES for pair in combinations(s, 2)]
    other = [
        _score(a, b)
        for a, b in combinations(guids, 2)
        if STORY_OF.get(a, a) != STORY_OF.get(b, b)
    ]
    assert min(same) > max(other)


def test_an_updated_version_matches_its_first_version():
    """An item's UPDATE 1 (new figures, same event) still matches version 1."""
    assert similarity(_fp(UPDATED_GUID, 0), _fp(UPDATED_GUID, 1)) >= THRESHOLD


@pytest.mark.parametrize("guid", [item.guid for item in ITEMS])
def test_agency_dateline_tag_is_not_part_of_the_fingerprint(guid):
    """The agency's own dateline tag ("Accra (Northwind) —") is not a term."""
    fp = _fp(guid)
    agency_terms = {f"@{a}" for a in ("meridian", "northwind", "coastal")}
    agency_terms |= {"meridian", "northwind", "coastal"}
    assert agency_terms.isdisjoint(fp)


# -- fingerprint and similarity behaviour ------------------------------------------


@pytest.mark.parametrize(
    "copy",
    [
        "WASHINGTON, Feb 5 (Reuters) - ",
        "NEW DELHI (PTI) - ",
        "Accra (Northwind) — ",
        "ACCRA, (Meridian) - ",
    ],
)
def test_datelines_with_agency_tags_do_not_change_the_fingerprint(copy):
    """The same copy with or without its dateline has the same fingerprint."""
    body = "Officials in the Sylhet region opened 610 shelters for 220,000 people."
    assert fingerprint("Floods", copy + body) == fingerprint("Floods", body)


def test_fingerprint_has_unit_length():
    """Fingerprints are normalised, so similarity is a cosine between 0 and 1."""
    fp = _fp(LOOKALIKE_GUID)
    assert math.isclose(math.sqrt(sum(w * w for w in fp.values())), 1.0, rel_tol=1e-4)


def test_similarity_of_identical_copy_is_one_and_symmetric():
    """A fingerprint matches itself fully, and a~b equals b~a."""
    a, b = CROSS_AGENCY_STORIES[0]
    assert math.isclose(similarity(_fp(a), _fp(a)), 1.0, rel_tol=1e-4)
    assert math.isclose(_score(a, b), _score(b, a))


def test_similarity_with_empty_fingerprint_is_zero():
    """An empty item matches nothing."""
    assert similarity({}, _fp(LOOKALIKE_GUID)) == 0.0
    assert fingerprint("", "") == {}


def test_names_and_figures_weigh_more_than_ordinary_words():
    """Names (capitalised mid-sentence) and figures outweigh common words."""
    fp = fingerprint("", "Heavy rain hit Sylhet and displaced 220,000 residents.")
    assert fp["@sylhet"] > fp["rain"]
    assert fp["#220000"] > fp["rain"]


@pytest.mark.parametrize("token", ["7", "three", "said", "Monday"])
def test_small_numbers_weekdays_and_stopwords_are_ignored(token):
    """Counts under 10, weekdays and filler words say nothing about the event."""
    fp = fingerprint("", f"Floods hit the valley {token} times.")
    assert not any(token.lower() in term for term in fp)


def test_years_and_months_are_kept_as_when_terms():
    """A year or a month names when it happened: a term of its own kind."""
    fp = fingerprint("", "Floods hit the valley in May 2024, the worst since 1998.")
    assert {"y2024", "y1998", "m5"} <= set(fp)
    assert kind("y2024") == kind("m5") == "when"
    assert kind("@sylhet") == "name" and kind("#240") == "figure"


def test_rarer_terms_weigh_more():
    """With term rarity given, a rare name outweighs a common one."""
    fp = fingerprint("", "Floods in Sylhet and Dhaka.", {"@sylhet": 5.0, "@dhaka": 1.0})
    assert fp["@sylhet"] > fp["@dhaka"]


# -- story profiles and scorers ------------------------------------------------------


def _profile(*guids: str) -> StoryProfile:
    profile = StoryProfile()
    for guid in guids:
        profile.add(_fp(guid))
    return profile


def test_profile_counts_items_and_keeps_a_core():
    """A story's core holds the names, figures and dates most of its items share."""
    a, b = CROSS_AGENCY_STORIES[1]
    profile = _profile(a, b)
    assert profile.items == 2
    core = profile.core()
    assert core and all(kind(term) != "word" for term in core)
    assert all(profile.counts[term] >= 1 for term in core)
    again = StoryProfile.from_json(profile.as_json())
    assert again == profile


def _five_tellings() -> StoryProfile:
    """A heist told five ways: the city in all, the jeweller in two, a guard in one."""
    profile = StoryProfile()
    for names in (
        ["@paris", "@harwell jewellers"],
        ["@paris", "@harwell jewellers"],
        ["@paris", "@rue sorel"],
        ["@paris", "@dominique vasseur"],
        ["@paris"],
    ):
        profile.add({term: 1 / len(names) ** 0.5 for term in names})
    return profile


def test_a_name_two_items_in_five_use_is_in_the_core_and_one_in_five_is_not():
    """The core is what two fifths of the items share: at half, the jeweller two
    of five tellings name would be left out and any other Paris heist would cover
    a core of the city alone."""
    core = _five_tellings().core()
    assert set(core) == {"@paris", "@harwell jewellers"}
    other_heist = {"@paris": 0.7, "@casterly": 0.7}
    # Against a core of the city alone it covered all (1.0).
    assert coverage(other_heist, _five_tellings()) < 0.75


def test_a_core_stored_under_another_share_is_computed_again():
    """A profile stored when the core was half the items' is read with today's."""
    stored = _five_tellings().as_json()
    stored.pop("core_share")
    stored["core"] = {"@paris": stored["total"]["@paris"]}  # the old rule's core
    assert set(StoryProfile.from_json(stored).core()) == {
        "@paris",
        "@harwell jewellers",
    }


def test_a_later_version_adds_weight_but_is_not_another_item():
    """Folding in a version leaves the item count alone."""
    profile = _profile(UPDATED_GUID)
    profile.add(_fp(UPDATED_GUID, 1), new_item=False)
    assert profile.items == 1


def test_old_fingerprints_read_as_one_item_profiles():
    """A fingerprint stored before profiles existed reads as a one-item story."""
    profile = StoryProfile.from_json({"@sylhet": 0.8, "flood": 0.6})
    assert profile.items == 1 and profile.counts == {"@sylhet": 1, "flood": 1}


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_a_stored_profile_scores_as_one_stored_without_its_norm_and_core(name):
    """The norm and core kept in the JSON give the scores computed from the terms.

    Profiles stored before they were kept read without them; every item scores
    the same against either, and never above the scorer's bound (what lets the
    matcher skip a candidate unscored).
    """
    scorer = SCORERS[name]
    a, b = CROSS_AGENCY_STORIES[1]
    stored = _profile(a, b).as_json()
    assert {"norm", "core"} <= stored.keys()
    older = {key: stored[key] for key in ("items", "total", "counts")}
    for guid in (a, b, LOOKALIKE_GUID, *STORY_B):
        item = _fp(guid)
        score = scorer.score(item, StoryProfile.from_json(stored))
        assert score == scorer.score(item, StoryProfile.from_json(older))
        assert score <= scorer.bound(item, StoryProfile.from_json(stored))


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_scorers_join_the_story_and_not_the_lookalike(name):
    """Every registered scorer joins story B's agencies and keeps the flood apart."""
    scorer = SCORERS[name]
    a, b = STORY_B
    assert scorer.score(_fp(b), _profile(a)) >= scorer.threshold
    assert scorer.score(_fp(LOOKALIKE_GUID), _profile(a, b)) < scorer.threshold


def test_coverage_is_the_share_of_the_core_found():
    """An item naming all the core scores 1, one naming none scores 0."""
    profile = StoryProfile()
    profile.add({"@sylhet": 0.8, "#610": 0.6})
    assert coverage({"@sylhet": 1.0, "#610": 0.1}, profile) == 1.0
    assert coverage({"@dhaka": 1.0}, profile) == 0.0
    assert 0 < coverage({"@sylhet": 1.0}, profile) < 1


def test_figures_match_across_formats():
    """ "$240 million" and "240" share the figure term."""
    a = fingerprint("", "The bank lent $240 million.")
    b = fingerprint("", "The bank lent 240 mln dollars.")
    assert "#240" in a
    assert "#240" in b


def test_merge_is_normalised_and_keeps_both_sides():
    """A story's merged fingerprint holds both items' terms at unit length."""
    a, b = (_fp(g) for g in CROSS_AGENCY_STORIES[1])
    merged = merge(a, b)
    assert set(merged) == set(a) | set(b)
    assert math.isclose(
        math.sqrt(sum(w * w for w in merged.values())), 1.0, rel_tol=1e-4
    )
    assert similarity(merged, a) > similarity(a, b)


def test_top_terms_are_the_heaviest_first():
    """top_terms lists the heaviest terms, ties broken alphabetically."""
    assert top_terms({"b": 0.5, "a": 0.5, "c": 0.9, "d": 0.1}, 3) == ["c", "a", "b"]


# -- who, where and when ---------------------------------------------------------------


def test_title_case_headline_words_are_names_only_if_the_text_says_so():
    """In "Ellen DeGeneres Returns to Host the Oscars" only the names are names."""
    counts = terms(
        "Ellen DeGeneres Returns to Host the Oscars",
        "Comedian Ellen DeGeneres will return to host the Oscars next year.",
    )
    assert {"@ellen", "@degeneres", "@oscars"} <= set(counts)
    assert "@returns" not in counts and "@host" not in counts
    assert "host" in counts


def test_a_run_of_names_is_one_more_term():
    """ "Hugh Jackman" counts as a full name besides its two parts."""
    counts = terms("", "The academy chose Hugh Jackman as host.")
    assert {"@hugh jackman", "@hugh", "@jackman"} <= set(counts)


@pytest.mark.parametrize(
    "text",
    [
        "The quake struck on November 27, 2005 near the coast.",
        "The quake struck on 27 November 2005 near the coast.",
        "The quake struck on 2005-11-27 near the coast.",
    ],
)
def test_dates_are_when_terms_in_any_format(text):
    """A day of a month is a date, not a figure, however it is written."""
    counts = terms("", text)
    assert {"y2005", "m11", "d1127"} <= set(counts)
    assert "#27" not in counts
    assert kind("d1127") == "when"


def test_clock_times_and_dateline_words_are_not_terms():
    """ "Posted 11:35 AM EST" says when a page was made, not what happened."""
    counts = terms("", "Posted 11:35 AM EST. Floods hit the valley.")
    assert not {"#35", "#11", "@posted", "@est", "posted", "est"} & set(counts)


def test_a_magnitude_is_a_figure():
    """Small whole numbers are dropped, a measured 5.6 is kept."""
    counts = terms("", "A magnitude 5.6 earthquake damaged 3 villages.")
    assert "#5.6" in counts and "#3" not in counts


QUAKE_A = (
    "Earthquake of magnitude 6.4 shakes Kelsbrook",
    "An earthquake of magnitude 6.4 struck Kelsbrook in Varnia on March 12, 2024, "
    "the Varnia Seismic Office said. Mayor Odile Parrin said 140 homes collapsed "
    "in Kelsbrook and rescuers from Tovan joined the search.",
)
QUAKE_A_OTHER_AGENCY = (
    "Kelsbrook quake leaves 140 homes in ruins",
    "Rescuers from Tovan searched collapsed homes in Kelsbrook after a magnitude "
    "6.4 earthquake hit Varnia on March 12. Mayor Odile Parrin asked for tents, "
    "the Varnia Seismic Office said.",
)
QUAKE_B = (
    "Strong earthquake shakes Dunmore Valley in Varnia",
    "An earthquake of magnitude 5.2 struck Dunmore Valley in Varnia on October 3, "
    "2019, the Varnia Seismic Office said. Governor Bram Tiller said 35 homes "
    "collapsed and rescuers from Loch Ardry joined the search.",
)


QUAKE_ELSEWHERE = (
    "Strong earthquake rocks Port Amsel in Oskaria",
    "A magnitude 5.2 earthquake struck Port Amsel in Oskaria on October 3, 2019, "
    "the Oskarian Geological Survey said. Governor Bram Tiller said 35 houses "
    "were damaged near Loch Ardry.",
)


def _quake_story() -> StoryProfile:
    story = StoryProfile()
    story.add(fingerprint(*QUAKE_A))
    return story


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_two_agencies_on_one_quake_join_another_quake_does_not(name):
    """Every scorer joins another agency's take and keeps a quake elsewhere apart."""
    scorer = SCORERS[name]
    story = _quake_story()
    assert scorer.score(fingerprint(*QUAKE_A_OTHER_AGENCY), story) >= scorer.threshold
    assert scorer.score(fingerprint(*QUAKE_ELSEWHERE), story) < scorer.threshold


def test_who_where_when_keeps_a_quake_in_the_same_country_apart():
    """Same country, same seismic office, same words: town, date and figures differ.

    Cosine and core coverage alone find that close enough to join; the conflicts
    in names, figures and dates keep it apart.
    """
    scorer = SCORERS["who-where-when"]
    story = _quake_story()
    other = fingerprint(*QUAKE_B)
    assert SCORERS["entity-agreement"].score(other, story) > scorer.score(other, story)
    assert scorer.score(other, story) < scorer.threshold
    found = conflicts(other, story)
    assert found["when"] == 1.0 and found["figure"] == 1.0
    assert conflicts(fingerprint(*QUAKE_A_OTHER_AGENCY), story) == {
        "name": 0.0,
        "figure": 0.0,
        "when": 0.0,
    }
