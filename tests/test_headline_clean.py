"""Headline cleaning: shouting brought to the copy's own spelling, prefixes and slugs.

The copy below is invented for these tests.
"""

from __future__ import annotations

import pytest

from wiredesk.drafting import headline

SUMMIT = (
    "WASHINGTON, Feb 5 (Reuters) - U.S. President Jane Carter met Japanese Prime "
    "Minister Taro Kishida at the White House on Thursday, and the two leaders "
    "said NATO and the alliance would hold. Carter said the yen had weakened, "
    "and the Fed was watching. Officials who attended told us the mood was good. "
    "McDonald's and iPhone sales in Japan came up, as did post-Brexit trade."
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "PRESIDENT CARTER MEETS JAPAN'S KISHIDA AT WHITE HOUSE",
            "President Carter meets Japan's Kishida at White House",
        ),
        (
            "NATO SAYS ALLIANCE WILL HOLD AFTER SUMMIT",
            "NATO says alliance will hold after summit",
        ),
        ("US FED WATCHES YEN AS LEADERS MEET", "US Fed watches yen as leaders meet"),
        (
            "IPHONE AND MCDONALD'S SALES DISCUSSED",
            "iPhone and McDonald's sales discussed",
        ),
        ("LEADERS DISCUSS POST-BREXIT TRADE", "Leaders discuss post-Brexit trade"),
    ],
)
def test_a_shouting_headline_takes_the_spelling_of_its_copy(raw, expected):
    """Names, acronyms and brands read as the story writes them, plain words in
    lower case; "who" and "us" in the copy don't make WHO or US plain words."""
    assert headline.clean(raw, SUMMIT) == expected


# A results brief: a table of figures names nobody.
RESULTS = "Qtly div 12 cts vs 10 cts prior\nPay April 15\nRecord March 31\nReuter"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "KESTREL CORP RAISES QUARTERLY DIVIDEND",
            "Kestrel Corp raises quarterly dividend",
        ),
        ("ORBIX INC POSTS FOURTH QUARTER LOSS", "Orbix Inc posts fourth quarter loss"),
        ("VANTERRA LTD. SETS DIVIDEND", "Vanterra Ltd. sets dividend"),
        ("DALBY CO'S UNIT SOLD TO RIVAL", "Dalby Co's unit sold to rival"),
    ],
)
def test_a_company_suffix_keeps_its_capital_when_the_copy_is_figures(raw, expected):
    """Corp, Inc, Ltd and Co after a name are part of it, not "corp" or "INC"."""
    assert headline.clean(raw, RESULTS) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("EX-MINISTER JAILED FOR FRAUD", "Ex-minister jailed for fraud"),
        ("NON-FARM PAYROLLS BEAT FORECASTS", "Non-farm payrolls beat forecasts"),
        ("PRO-RUSSIA PARTY WINS SEATS IN VOTE", "Pro-Russia party wins seats in vote"),
        ("UNIONS BACK CO-OPERATION WITH PORT", "Unions back co-operation with port"),
    ],
)
def test_a_hyphenated_prefix_is_no_acronym(raw, expected):
    """ "EX-", "NON-", "PRO-", "CO-" are short but no acronyms: not "EX-minister"."""
    assert headline.clean(raw, RESULTS) == expected


def test_a_word_missing_from_the_copy_is_not_taken_for_a_name():
    """Headline words the copy doesn't use go lower case even when they are rare
    words ("rebuts", "snub"): measured, a capital for them is wrong more often."""
    out = headline.clean("MINISTER REBUTS CRITICS AFTER SUMMIT SNUB", SUMMIT)
    assert out == "Minister rebuts critics after summit snub"


def test_a_dateline_in_capitals_does_not_make_its_words_acronyms():
    """ "WASHINGTON" opening the copy says nothing of how the headline's word reads."""
    out = headline.clean("WASHINGTON WEIGHS NEW TARIFFS ON STEEL", SUMMIT)
    assert out == "Washington weighs new tariffs on steel"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "FRENCH FARMERS BLOCK ROADS NEAR PARIS AND BRUSSELS",
            "French farmers block roads near Paris and Brussels",
        ),
        (
            "SAUDI ARABIA AND NEW ZEALAND SIGN TRADE PACT",
            "Saudi Arabia and New Zealand sign trade pact",
        ),
        ("FLOODS HIT RIO DE JANEIRO ON MONDAY", "Floods hit Rio de Janeiro on Monday"),
        (
            "MARKETS RALLY IN EUROPE (OCTOBER 14)",
            "Markets rally in Europe (October 14)",
        ),
        ("RAIN MAY DELAY VOTE SET FOR MAY 14", "Rain may delay vote set for May 14"),
    ],
)
def test_a_shouting_headline_without_copy_keeps_places_and_dates(raw, expected):
    """Without the copy, countries, demonyms, capitals and dates keep capitals."""
    assert headline.clean(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Flash-flood warnings issued across the state",
        "Insight-driven firms grow faster, survey finds",
        "Repeat-offender law passes in parliament",
        "Correction-prone markets test investors",
        "Insight: how the deal was done",
        "US-China talks resume in Geneva",
        "NATO-Russia council meets for the first time in years",
    ],
)
def test_words_that_look_like_prefixes_stay(raw):
    """A headline word joined by a hyphen is not a wire prefix."""
    assert headline.clean(raw) == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SOCCER-Harbour City beat Bay Town 2-1", "Harbour City beat Bay Town 2-1"),
        ("Soccer-Smiling coach hails late winner", "Smiling coach hails late winner"),
        ("GLOBAL MARKETS-Stocks slip as yields rise", "Stocks slip as yields rise"),
        ("US STOCKS-Wall St ends higher", "Wall St ends higher"),
        ("FOREX-Dollar slips ahead of data", "Dollar slips ahead of data"),
        ("BRIEF-Acme Corp posts quarterly profit", "Acme Corp posts quarterly profit"),
        ("BUZZ-Acme shares jump on deal", "Acme shares jump on deal"),
        ("(2nd LD) Storm makes landfall", "Storm makes landfall"),
        ("(3rd LD) Storm makes landfall", "Storm makes landfall"),
        ("BC-BBO--Wild Card Glance", "Wild Card Glance"),
        ("Storm makes landfall -- AFP", "Storm makes landfall"),
        ("Storm makes landfall (Reuters)", "Storm makes landfall"),
        ("Storm makes landfall — The Associated Press", "Storm makes landfall"),
    ],
)
def test_agency_slugs_and_tags_go(raw, expected):
    """Reuters topic slugs, Yonhap's "(nth LD)", AP slugs and trailing tags go."""
    assert headline.clean(raw) == expected


@pytest.mark.parametrize("raw", ["UPDATE 2-", "(LEAD)", "  (URGENT)  "])
def test_a_headline_that_is_only_a_prefix_is_kept(raw):
    """Nothing left after the prefix: the headline as sent, never an empty one."""
    assert headline.clean(raw) == raw.strip()
