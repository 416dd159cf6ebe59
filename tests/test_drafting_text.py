"""Headline cleaning, datelines, standfirsts and country mentions (pure text)."""

from __future__ import annotations

import re

import pytest

from wiredesk.drafting import dateline, headline, places, standfirst

# -- headline.clean -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("UPDATE 2-Oil prices rise on supply fears", "Oil prices rise on supply fears"),
        ("UPDATE 2 - Oil prices rise", "Oil prices rise"),
        ("EXCLUSIVE-Bank weighs sale of unit", "Bank weighs sale of unit"),
        ("(LEAD) N. Korea fires missile", "N. Korea fires missile"),
        ("(2ND LEAD) Storm makes landfall", "Storm makes landfall"),
        ("WRAPUP 1-Storm hits coast", "Storm hits coast"),
        ("REFILE-Markets close higher", "Markets close higher"),
        ("CORRECTED-Firm posts profit", "Firm posts profit"),
        ("FACTBOX: What to know about the vote", "What to know about the vote"),
        ("CORRECTED-UPDATE 1-Firm posts profit", "Firm posts profit"),
        ("REFILE-EXCLUSIVE-Bank weighs sale", "Bank weighs sale"),
        ("Markets rally on rate hopes - Reuters", "Markets rally on rate hopes"),
        ("Markets rally on rate hopes | Reuters", "Markets rally on rate hopes"),
        ("UPDATE 3-Markets rally - Reuters", "Markets rally"),
        ("  Extra   spaces\tare   collapsed ", "Extra spaces are collapsed"),
    ],
)
def test_clean_removes_agency_prefixes_and_tags(raw, expected):
    """Wire prefixes (UPDATE n-, EXCLUSIVE-, (LEAD)...) and a trailing agency tag go."""
    assert headline.clean(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Update on the situation in the capital",
        "Exclusive interview with the finance minister",
        "Reuters chief executive steps down",
        "Apple unveils iPhone with USB-C port",
        "Talks between AP and its union resume",
    ],
)
def test_clean_leaves_ordinary_headlines_alone(raw):
    """A headline that merely starts with such a word, or is mixed case, is kept."""
    assert headline.clean(raw) == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "UN AND WHO URGE IMF TO EXPAND AID FOR FLOOD VICTIMS",
            "UN and WHO urge IMF to expand aid for flood victims",
        ),
        (
            "IMF CUTS GROWTH FORECAST FOR EU ECONOMIES",
            "IMF cuts growth forecast for EU economies",
        ),
        (
            "CORRECTED-UPDATE 1-WHO WARNS OF CHOLERA RISK AFTER FLOODS - Reuters",
            "WHO warns of cholera risk after floods",
        ),
        (
            "U.S. SENATE PASSES BUDGET BILL IN LATE-NIGHT VOTE",
            "U.S. senate passes budget bill in late-night vote",
        ),
    ],
)
def test_clean_brings_shouting_headlines_to_sentence_case_keeping_acronyms(
    raw, expected
):
    """Shouting becomes sentence case; acronyms (UN, WHO, IMF) stay capital."""
    assert headline.clean(raw) == expected


def test_clean_keeps_a_short_capital_headline():
    """A few capital letters (under the shouting threshold) are left as written."""
    assert headline.clean("UN VOTES") == "UN VOTES"


def test_clean_shortens_long_headlines_between_words():
    """Over 110 characters, a headline is cut between words, with no trailing comma."""
    raw = (
        "Government announces sweeping reforms to the pension system, as unions "
        "threaten nationwide strikes over plans to raise the retirement age"
    )
    out = headline.clean(raw)
    assert len(raw) > 110
    assert len(out) <= 110
    assert raw.startswith(out)
    assert raw[len(out)] in " ,"  # the cut fell between two words
    assert out[-1].isalnum()


def test_shorten_cuts_a_single_overlong_word_at_the_limit():
    """A headline with no space to cut at is still at most 110 characters."""
    assert headline.shorten("x" * 200) == "x" * 110
    assert len(headline.clean("y" * 111)) == 110


def test_shorten_keeps_text_at_the_limit():
    """Exactly 110 characters is not shortened."""
    text = ("word " * 22)[:110]
    assert headline.shorten(text) == text


# -- dateline.find ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "country", "agency"),
    [
        (
            "WASHINGTON, Feb 5 (Reuters) - The Federal Reserve held rates.",
            "Washington",
            "US",
            "Reuters",
        ),
        (
            "NEW DELHI (PTI) - India's cabinet approved the plan.",
            "New Delhi",
            "IN",
            "PTI",
        ),
        (
            "Binghamton, New York — A bridge closed on Monday.",
            "Binghamton, New York",
            "US",
            "",
        ),
        (
            "ACCRA, (Meridian) - Ghana on Thursday signed a loan.",
            "Accra",
            "GH",
            "Meridian",
        ),
        ("NAIROBI - Kenya's central bank cut rates.", "Nairobi", "KE", ""),
        ("Accra (Northwind) — About 1.3 million people...", "Accra", "GH", "Northwind"),
        ("LONDON, March 3 (Reuters) - Shares fell.", "London", "GB", "Reuters"),
        ("  SYLHET (Coastal) - Floods killed 14.", "Sylhet", "BD", "Coastal"),
    ],
)
def test_find_reads_place_country_and_agency(text, place, country, agency):
    """A dateline gives its place (title case), country code and agency tag."""
    found = dateline.find(text)
    assert found is not None
    assert (found.place, found.country, found.agency) == (place, country, agency)
    assert text.lstrip().startswith(found.raw)


def test_find_keeps_unknown_place_in_wire_capitals_with_agency():
    """An unknown town in wire capitals with an agency tag is still a dateline."""
    found = dateline.find("KWEKWEZI VILLAGE (Meridian) - Rain fell.")
    assert found is not None
    assert (found.place, found.country, found.agency) == (
        "Kwekwezi Village",
        None,
        "Meridian",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The president said - in a speech on Monday - that taxes would rise.",
        "Markets rose today. Investors cheered the news.",
        "Prices rose 5% - the most in a decade - last month.",
        "The World Health Organization (WHO) - the UN health agency - said on Monday.",
        "Shares of Tesla (TSLA) - the electric carmaker - fell 5%.",
        "Officials said - without giving details - that talks had stalled.",
        "",
    ],
)
def test_find_gives_no_dateline_for_ordinary_sentences(text):
    """Ordinary opening sentences with dashes or bracketed acronyms are no datelines."""
    assert dateline.find(text) is None


def test_strip_removes_the_dateline_and_keeps_the_rest():
    """strip() returns the copy after its dateline, or the copy unchanged."""
    copy = "WASHINGTON, Feb 5 (Reuters) - The Fed said."
    assert dateline.strip(copy) == "The Fed said."
    ordinary = "The World Health Organization (WHO) - the UN agency - said."
    assert dateline.strip(ordinary) == ordinary


# -- standfirst.summarise ------------------------------------------------------------

COPY = (
    "WASHINGTON, Feb 5 (Reuters) - Dr. Jane Roe of the U.S. Treasury said on "
    "Monday that interest rates would stay where they are for now. Markets rose "
    "after the announcement. "
    '"We are pleased," said Mr. John F. Smith, a trader.\n\n'
    "The vote on Feb. 5 was close, with seven members in favour and five "
    "against the proposal put forward by the chair. Analysts had expected the "
    "decision, which follows months of debate about inflation and jobs. A further "
    "meeting is planned for the spring."
)


def test_summarise_stays_within_sixty_words():
    """The standfirst has at most 60 words."""
    assert len(standfirst.summarise(COPY).split()) <= 60


def test_summarise_uses_whole_sentences_in_original_order():
    """The standfirst is whole sentences of the copy, in the order the copy has them."""
    summary = standfirst.summarise(COPY)
    all_sentences = standfirst.sentences(dateline.strip(COPY))
    chosen = standfirst.sentences(summary)
    assert all(sentence in all_sentences for sentence in chosen)
    positions = [all_sentences.index(sentence) for sentence in chosen]
    assert positions == sorted(positions)
    assert len(chosen) >= 2
    assert summary.endswith(".")


def test_summarise_fills_its_budget():
    """Every sentence left out would take the standfirst past 60 words."""
    summary = standfirst.summarise(COPY)
    all_sentences = standfirst.sentences(dateline.strip(COPY))
    chosen = standfirst.sentences(summary)
    for left_out in (s for s in all_sentences if s not in chosen):
        assert len(summary.split()) + len(left_out.split()) > 60


def test_summarise_removes_the_dateline():
    """The dateline is not part of the standfirst."""
    summary = standfirst.summarise(COPY)
    assert summary.startswith("Dr. Jane Roe of the U.S. Treasury said on Monday")
    assert "Reuters" not in summary
    assert "WASHINGTON" not in summary


def test_summarise_capitalises_after_removing_a_dateline():
    """A lower-case word following the dateline starts the standfirst in capitals."""
    assert standfirst.summarise("NAIROBI - police said the road was open.") == (
        "Police said the road was open."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Roe spoke. Mr. Smith and Mrs. Smith listened.",
            ["Dr. Roe spoke.", "Mr. Smith and Mrs. Smith listened."],
        ),
        (
            "The U.S. Treasury and the U.N. agreed. Talks end today.",
            ["The U.S. Treasury and the U.N. agreed.", "Talks end today."],
        ),
        (
            "The vote on Feb. 5 was close. Gen. Ruiz abstained.",
            ["The vote on Feb. 5 was close.", "Gen. Ruiz abstained."],
        ),
        (
            "John F. Kennedy Airport reopened. Flights resumed.",
            ["John F. Kennedy Airport reopened.", "Flights resumed."],
        ),
        (
            "Was it over? \"Yes,\" she said. 'Finally.' It ended!",
            ["Was it over?", '"Yes," she said.', "'Finally.'", "It ended!"],
        ),
        (
            "First paragraph ends\nacross lines.\n\nSecond paragraph.",
            ["First paragraph ends across lines.", "Second paragraph."],
        ),
    ],
)
def test_sentences_do_not_split_at_abbreviations(text, expected):
    """Sentences split at . ! ? but not after Dr., Mr., U.S., Feb. or initials."""
    assert standfirst.sentences(text) == expected


def test_summarise_cuts_a_single_overlong_sentence_with_an_ellipsis():
    """One sentence over 60 words is cut to 60 words, ending in an ellipsis."""
    text = "NAIROBI - " + " ".join(f"w{i}" for i in range(80)) + "."
    summary = standfirst.summarise(text)
    assert summary.endswith("…")
    assert len(summary.split()) == 60
    assert summary.startswith("W0 w1 w2")


def test_summarise_of_empty_text_is_empty():
    """No text, no standfirst."""
    assert standfirst.summarise("") == ""


# -- places -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. and the UK agreed. The United States, Britain and France met. "
            "U.S. officials said so.",
            [("US", 3), ("GB", 2), ("FR", 1)],
        ),
        ("Talks in the U.K. and the USA.", [("GB", 1), ("US", 1)]),
        ("Ghana's minister flew to Ghana.", [("GH", 2)]),
        (
            "Papua New Guinea, Guinea-Bissau and Guinea.",
            [("GN", 1), ("GW", 1), ("PG", 1)],
        ),
        (
            "Niger and Nigeria; South Sudan and Sudan.",
            [("NE", 1), ("NG", 1), ("SD", 1), ("SS", 1)],
        ),
        ("Ivory Coast and DR Congo signed a deal.", [("CD", 1), ("CI", 1)]),
        ("Indiana farmers and Jordanian officials.", []),
        ("No country is named in this sentence.", []),
    ],
)
def test_countries_in_text_counts_mentions_with_aliases(text, expected):
    """Names and aliases (U.S., UK) are counted, longest name wins, most first."""
    assert places.countries_in_text(text) == expected


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("Binghamton, New York", "US"),
        ("Accra", "GH"),
        ("New Delhi", "IN"),
        ("Nairobi", "KE"),
        ("Kenya", "KE"),
        ("Nowhere-Under-The-Hill", None),
    ],
)
def test_country_of_place_resolves_cities_states_and_countries(place, code):
    """A dateline place resolves via country names, US states or the city list."""
    assert places.country_of_place(place) == code


def test_countries_are_iso_alpha2_codes():
    """Codes are two capital letters (ISO 3166-1 alpha-2)."""
    found = places.countries_in_text("France, Japan, Brazil and the U.S. met.")
    assert found
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code, _ in found)
