"""Country names that are also personal names or things, read in context: what the
draft's "Country:" line and country tags show for such copy (review item 8)."""

from __future__ import annotations

import pytest

from wiredesk.drafting.countries import tag


@pytest.mark.parametrize(
    ("headline", "text", "country"),
    [
        (
            "Jordan closes airspace",
            "Jordan said on Tuesday it would not allow its airspace to be used for "
            "attacks. Jordan's army shot down several drones overnight. Jordan has a "
            "peace treaty with Israel.",
            "JO",
        ),
        (
            "Jordan to reopen border crossing",
            "Jordan said the crossing would reopen on Sunday after a week of talks "
            "with its neighbour. Jordanian officials said trucks carrying fruit and "
            "fuel had queued for days. Jordan shut the crossing after clashes.",
            "JO",
        ),
        (
            "Georgia to hold snap elections",
            "Georgia said on Tuesday that elections would be held in October. "
            "Georgia's president vetoed the election law last week. Georgia wants "
            "to join NATO.",
            "GE",
        ),
    ],
)
def test_a_country_that_speaks_stays_a_country(headline, text, country):
    """ "Jordan said" no longer makes Jordan a person for the whole story when the
    copy says "it would", names its army or president, or calls it Jordanian."""
    assert tag(headline, text).countries == [country]


@pytest.mark.parametrize(
    ("headline", "text", "wrong"),
    [
        (
            "Jordan Henderson joins Dutch club",
            "Jordan Henderson has joined a Dutch club on a two-year contract. "
            "Henderson said he was happy to be back in Europe. Jordan Henderson "
            "captained his previous club to the title.",
            {"JO", "US"},
        ),
        (
            "Israel Adesanya wins title",
            "Israel Adesanya won the title on Saturday night. Adesanya said he was "
            "proud. Israel Adesanya beat his rival on points.",
            {"IL"},
        ),
        (
            "Kenya Moore leaves reality show",
            "Kenya Moore has left the reality show, the network said. Moore said "
            "she was grateful to fans. Kenya Moore joined the cast in 2012.",
            {"KE", "US"},
        ),
    ],
)
def test_a_person_named_like_a_country_is_no_country(headline, text, wrong):
    """A surname beside the name makes it a person even when the surname is also a
    town's name (Henderson, Nevada) or the first name a country's (Israel, Kenya);
    the surname alone later is the person too."""
    assert not set(tag(headline, text).countries) & wrong


def test_a_person_named_israel_leaves_the_country_in_the_story():
    """Only the person's own mentions go: Israel named on its own still counts."""
    found = tag(
        "Israel Adesanya to fight in Tel Aviv",
        "Israel Adesanya will fight in Israel for the first time in June. Adesanya "
        "said Israel had welcomed him. Israel's sports minister said tickets sold "
        "out in an hour, and Israel expects 20,000 fans.",
    )
    assert found.countries == ["IL"]


def test_georgias_president_in_washington_copy_is_the_country():
    """A state has a governor: "Georgia's president" is the Caucasus country even
    under a Washington dateline with no "Georgian" or "Tbilisi"."""
    found = tag(
        "Georgia's president vetoes law",
        "WASHINGTON (AP) — Georgia's president vetoed a foreign agents law on "
        "Tuesday, the State Department said. Georgia's capital saw protests. "
        "Georgia wants closer ties with the West.",
    )
    assert "GE" in found.countries


def test_georgia_joining_nato_in_washington_copy_is_the_country():
    """A US state joins no alliance: "Georgia ... wants to join NATO" is the
    country under a Washington dateline, with no president and no Tbilisi."""
    found = tag(
        "Georgia seeks support",
        "WASHINGTON (Reuters) - Georgia wants to join NATO, its envoy told "
        "U.S. senators on Tuesday. Georgia hopes for an answer this year.",
    )
    assert "GE" in found.countries


def test_turkey_the_bird_is_no_country_all_through_the_story():
    """Copy about turkey prices names no country, a bare "Turkey sales" included;
    Turkey the country, with Ankara or "Turkish", keeps it."""
    bird = tag(
        "Turkey prices soar ahead of Thanksgiving",
        "Turkey prices have soared ahead of Thanksgiving, farmers said. Turkey "
        "producers blamed bird flu. Turkey sales fell.",
    )
    country = tag(
        "Turkey raises rates",
        "Turkey's central bank raised rates on Thursday. Turkish lira weakened. "
        "Turkey producers of steel welcomed it, and Turkey sales abroad rose.",
    )
    assert bird.countries == []
    assert country.countries == ["TR"]


@pytest.mark.parametrize(
    ("headline", "text"),
    [
        (
            "Jordan scores 40 as Bulls win",
            "CHICAGO (AP) — Michael Jordan scored 40 points as the Bulls beat the "
            "Knicks. Jordan also had 10 rebounds. Jordan said the team played well.",
        ),
        (
            "Jim Jordan subpoenas FBI",
            "WASHINGTON (AP) — Rep. Jim Jordan subpoenaed the FBI on Tuesday. "
            "Jordan, an Ohio Republican, chairs the committee. Jordan said the "
            "bureau must answer.",
        ),
    ],
)
def test_a_named_person_stays_a_person(headline, text):
    """A first name or title beside "Jordan" still makes every Jordan the person."""
    assert "JO" not in tag(headline, text).countries
