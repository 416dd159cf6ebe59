"""Datelines as agencies write them: the place and country a reader is shown, and
the story's own first words left for the standfirst. Copy written for these tests."""

from __future__ import annotations

import pytest

from wiredesk.drafting import dateline, standfirst


@pytest.mark.parametrize(
    ("copy", "place", "country", "agency", "opening"),
    [
        (
            "By Jane Doe\n\nLONDON, Feb 5 (Reuters) - Britain's economy grew 0.3% "
            "in the fourth quarter.",
            "London",
            "GB",
            "Reuters",
            "Britain's economy grew",
        ),
        (
            "(Adds analyst comment, paragraphs 5-7)\n\nBy Jane Doe and John Roe\n\n"
            "LONDON, Feb 5 (Reuters) - Britain's economy grew.",
            "London",
            "GB",
            "Reuters",
            "Britain's economy grew",
        ),
        (
            "(Updates with vote count) WASHINGTON, Feb 5 (Reuters) - The Senate "
            "passed the bill.",
            "Washington",
            "US",
            "Reuters",
            "The Senate passed",
        ),
        (
            # A note with a verb only one of two former lists knew.
            "(Revises figure in paragraph 3)\n\nACCRA (Reuters) - Ghana said on "
            "Monday it would cut fuel prices.",
            "Accra",
            "GH",
            "Reuters",
            "Ghana said on Monday",
        ),
        (
            "Feb 5 (Reuters) - Apple Inc reported quarterly revenue above "
            "estimates on Thursday.",
            "",
            None,
            "Reuters",
            "Apple Inc reported",
        ),
        (
            "WASHINGTON/BEIJING, Feb 5 (Reuters) - The two governments agreed to "
            "resume trade talks.",
            "Washington/Beijing",
            "US",
            "Reuters",
            "The two governments agreed",
        ),
        (
            "LONDON/NEW YORK, Feb 5 (Reuters) - Oil prices rose on Thursday.",
            "London/New York",
            "GB",
            "Reuters",
            "Oil prices rose",
        ),
        (
            "WASHINGTON, Feb. 5, 2026 (AP) — The Senate on Thursday passed a bill.",
            "Washington",
            "US",
            "AP",
            "The Senate on Thursday",
        ),
        (
            "PARIS, 5 Feb 2026 (AFP) - The French government named a new minister.",
            "Paris",
            "FR",
            "AFP",
            "The French government",
        ),
        (
            "FORT WORTH, Texas (AP) _ Acme Widgets Inc. on Monday reported a "
            "quarterly profit of $12 million.",
            "Fort Worth, Texas",
            "US",
            "AP",
            "Acme Widgets Inc.",
        ),
        (
            "Mumbai, Feb 5 (IANS) Shares rose on Thursday as foreign funds bought.",
            "Mumbai",
            "IN",
            "IANS",
            "Shares rose",
        ),
        (
            "New Delhi [India], Feb 5 (ANI): The government announced a farm scheme.",
            "New Delhi",
            "IN",
            "ANI",
            "The government announced",
        ),
        (
            "Madrid, Feb 5 (EFE).- Spain's jobless total fell in January.",
            "Madrid",
            "ES",
            "EFE",
            "Spain's jobless total",
        ),
        (
            "NEW DELHI: The government on Monday announced a scheme for farmers.",
            "New Delhi",
            "IN",
            "",
            "The government on Monday",
        ),
        (
            "SÃO PAULO, Feb 5 (Reuters) - Brazil's central bank held its rate.",
            "São Paulo",
            "BR",
            "Reuters",
            "Brazil's central bank",
        ),
        (
            "(Meridian) - Rome, October 11 - Italy's foreign minister flew to Madrid.",
            "Rome",
            "IT",
            "Meridian",
            "Italy's foreign minister",
        ),
    ],
)
def test_wire_datelines_are_read_and_left_out_of_the_standfirst(
    copy, place, country, agency, opening
):
    """Bylines, editors' notes, several places, a year, other agencies' separators
    and non-English capitals: the dateline is read, and the standfirst opens on the
    story, not on the dateline."""
    found = dateline.find(copy)
    assert found is not None
    assert (found.place, found.country, found.agency) == (place, country, agency)
    assert dateline.strip(copy).startswith(opening)
    assert standfirst.summarise(copy).startswith(opening)


@pytest.mark.parametrize(
    "copy",
    [
        "Nigeria — Africa's most populous nation — will hold elections in February.",
        "Germany – Europe's largest economy – shrank in the third quarter.",
        "Lagos — a city of some 20 million people — flooded again on Monday.",
        "KENYA — East Africa's biggest economy — cut its main rate on Tuesday.",
    ],
)
def test_a_dash_aside_is_no_dateline(copy):
    """A country's name before a dash aside is the sentence's subject: it stays in
    the standfirst and no dateline is taken from it."""
    assert dateline.find(copy) is None
    assert dateline.strip(copy) == copy
    assert standfirst.summarise(copy).startswith(copy.split()[0])


@pytest.mark.parametrize(
    "copy",
    [
        "WARNING: This story contains details some readers may find upsetting.",
        "ENERGY - Oil rose on Tuesday as traders weighed supply.",
        "Shares of Acme (ACME) Rose 5% on Monday.",
        "Kwame Mensah (Meridian) said the talks had stalled.",
    ],
)
def test_a_slug_or_a_bracket_is_no_dateline(copy):
    """A slug in capitals one slip away from a town's name ("WARNING", Wanning) or
    a bracket after a name is no dateline."""
    assert dateline.find(copy) is None


@pytest.mark.parametrize(
    ("copy", "place"),
    [
        ("RIO DE JANEIRO (AP) — Rain fell.", "Rio de Janeiro"),
        ("PORT-AU-PRINCE, Haiti (AP) — Rain fell.", "Port-au-Prince, Haiti"),
        ("DAR ES SALAAM, Feb 5 (Coastal) - Rain fell.", "Dar es Salaam"),
        ("MCALLEN, Texas (AP) — Rain fell.", "McAllen, Texas"),
        ("MARTHA'S VINEYARD, Mass. (AP) — Rain fell.", "Martha's Vineyard, Mass."),
    ],
)
def test_a_dateline_in_capitals_is_shown_as_the_place_is_spelt(copy, place):
    """Not "Rio De Janeiro", "Port-Au-Prince" or "Mcallen"."""
    found = dateline.find(copy)
    assert found is not None and found.place == place


@pytest.mark.parametrize(
    ("value", "place", "country"),
    [
        ("AMMAN", "Amman", "JO"),
        ("SYDNEY March 22 AAP -", "Sydney", "AU"),
        ("Strasbourg, 10 juil 2024 (AFP)", "Strasbourg", "FR"),
        ("London (dpa) -", "London", "GB"),
        ("KANSAS CITY, Mo.", "Kansas City, Mo.", "US"),
        (
            "Gaza City, Palestinian Territories, May 16",
            "Gaza City, Palestinian Territories",
            "PS",
        ),
    ],
)
def test_a_dateline_given_apart_is_cleaned_and_resolved(value, place, country):
    """Metadata datelines keep only the place: dates and agency tags go."""
    found = dateline.given(value)
    assert found is not None
    assert (found.place, found.country) == (place, country)


@pytest.mark.parametrize(
    ("copy", "place", "country", "opening"),
    [
        (
            "Kolkata: The state government on Monday announced a relief package "
            "for flood-hit districts.",
            "Kolkata",
            "IN",
            "The state government on Monday",
        ),
        (
            "By Jane Doe\n\nNew Delhi: The Supreme Court on Friday sought the "
            "Centre's reply on the river-linking plan.",
            "New Delhi",
            "IN",
            "The Supreme Court on Friday",
        ),
        (
            "Thiruvananthapuram: 14 fishing boats were reported missing after "
            "the storm.",
            "Thiruvananthapuram",
            "IN",
            "14 fishing boats",
        ),
        (
            "Lahore: Traders in the old city kept their shops shut on Tuesday.",
            "Lahore",
            "PK",
            "Traders in the old city",
        ),
    ],
)
def test_a_place_in_mixed_case_and_a_colon_is_a_dateline(copy, place, country, opening):
    """Indian papers' "Kolkata: The state government ..." is read as the place and
    its country, and the standfirst opens on the story."""
    found = dateline.find(copy)
    assert found is not None
    assert (found.place, found.country, found.agency) == (place, country, "")
    assert dateline.strip(copy).startswith(opening)
    assert standfirst.summarise(copy).startswith(opening)


@pytest.mark.parametrize(
    "copy",
    [
        "Note: This story has been updated with the final vote count.",
        "Update: Police said the coast road reopened on Tuesday evening.",
        "Analysis: China's slowdown is deepening, economists said.",
        "Smith: I will not stand for the leadership again.",
        "Jackson: I will fight the ruling in the appeals court.",
        'Paris: "We will not accept this," the minister told reporters.',
        "Reading: The council voted to close two libraries.",
        "Police: Two men were arrested after the raid.",
        "Paris: Jewellery Thieves Raid Shop In Sixth District",
    ],
)
def test_a_word_and_a_colon_opening_a_sentence_is_no_dateline(copy):
    """A label ("Note:", "Update:"), a word that is also a town ("Reading",
    "Police" in Poland), a person quoted ("Jackson: I will ...") or a headline in
    title case is no dateline: the copy is left whole."""
    assert dateline.find(copy) is None
    assert dateline.strip(copy) == copy
