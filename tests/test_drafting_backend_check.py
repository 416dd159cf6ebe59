"""The source check of rewritten drafts, and the reading of a model's reply: pure
text (no database), but for one test that drafts through a local chat server."""

from __future__ import annotations

import json

import pytest

from wiredesk.drafting import backends
from wiredesk.drafting.backends import BackendFailure, DraftText
from wiredesk.drafting.backends.openai_compatible import parse_reply
from wiredesk.drafting.backends.source_check import (
    number_value,
    problems,
    quantities,
    unsupported,
)

# Copy written for these tests.
SOURCE = [
    "UPDATE 1-Ghana central bank raises main rate\n\n"
    "ACCRA, Feb 5 (Meridian) - Ghana's central bank raised its main rate by 250 "
    "basis points to 29.5% on Monday. Governor Ernest Addison said 1,000 traders "
    "and three U.N. agencies in the United Kingdom had been consulted. The "
    "Kremlin-backed bank of São Tomé declined to comment.",
    "Second agency copy: the IMF said inflation hit 54 percent in 2025.",
]


@pytest.mark.parametrize(
    "text",
    [
        "Ghana raises its main rate to 29.5%",
        "Ghana's central bank lifts rate by 250 basis points, Addison says",
        "Officials said so. Rates rise as traders were consulted",  # sentence openers
        "GHANA'S bank raises rate",  # shouting: still the same word
        "1000 traders consulted",  # 1,000 = 1000
        "3 UN agencies consulted",  # "three", "U.N."
        "British agencies consulted",  # another name of the United Kingdom
        "The IMF says inflation hit 54% in 2025",  # a second source item counts
        "Kremlin says nothing; the Sao Tome bank declines to comment",  # accents
        "“Ghana will act,” says governor",  # a quote opening the headline
    ],
)
def test_grounded_text_passes(text):
    """Facts stated in any source item pass, however they are written."""
    assert unsupported(text, SOURCE) == []


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("Ghana raises its main rate to 31.5%", ["31.5"]),
        ("Rate up 250 points; 4 agencies consulted", ["4"]),
        ("Governor Kofi Mensah raises rate", ["Kofi", "Mensah"]),
        ("Nigeria raises its main rate", ["Nigeria"]),  # a place opening a headline
        ("Bank raises rate, says the ECB", ["ECB"]),
        ("Ghana's bank raises rate, French officials say", ["French"]),
        ("Rate rises in Kumasi", ["Kumasi"]),
        ("Ghana raises rate. Lagos reacts", ["Lagos"]),
        ("Rate rises on Tuesday", ["Tuesday"]),
    ],
)
def test_invented_numbers_names_and_places_are_reported(text, missing):
    """Anything the sources never mention is named, in order, once."""
    assert unsupported(text, SOURCE) == missing


# Copy written for these tests: a rate story with money in several forms, a story
# about one of two countries whose names share a word, and one placed only by
# its dateline.
RATES = [
    "Bank lifts rate\n\nACCRA, Feb 5 (Meridian) - The central bank raised its main "
    "rate by 2 percentage points to 29.5% on Monday, the biggest rise in seven "
    "years. Governor Ama Owusu said the IMF would release $1.2 billion in March and "
    "that some 1,300,000 households had lost savings. The government raised "
    "$750m from bonds.",
]
KOREA = [
    "South Korea fires warning shots\n\nSEOUL, Feb 5 (Meridian) - South Korea fired "
    "warning shots on Thursday after soldiers crossed the border from the north, "
    "the military said."
]
SOUTH_SUDAN = [
    "JUBA, Feb 5 (Meridian) - South Sudan's army said on Thursday it had retaken a "
    "town from rebels near the capital Juba."
]
CONGO = [
    "KINSHASA, Feb 5 (Meridian) - The Democratic Republic of Congo said on Thursday "
    "rebels had seized a town in the east."
]


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        # Sentence openers: common words, other inflections, names of the source.
        ("Officials say Ghana lifts its rate to 29.5%", RATES),
        ("Rates rise in Ghana. Households lost savings", RATES),
        ("Savings lost: Owusu says the IMF will release $1.2 billion", RATES),
        ("After seven years, the biggest rise; Owusu speaks", RATES),
        ("Sluggish savings — Governor Ama Owusu speaks", RATES),
        ("Inflation? Analysts expect the IMF to act", RATES),
        # An acronym of the source's capitalised words.
        (
            "US crude stocks fall, EIA says",
            ["U.S. crude stocks fell, the Energy Information Administration said."],
        ),
        # The same number in another form.
        ("Ghana's rate rises to 29.5 per cent", RATES),
        ("Rate up two percentage points, the biggest rise in 7 years", RATES),
        ("IMF to release $1.2bn in March", RATES),
        ("IMF to release $1,200,000,000", RATES),
        ("Some 1.3 million households lost savings", RATES),
        ("Government raised $750 million from bonds", RATES),
        ("Government raised $0.75bn from bonds", RATES),
        # Places by another name or in another order.
        ("Ghana's central bank lifts rate", RATES),  # placed by "ACCRA" alone
        ("Ghanaian bank lifts rate in Accra", RATES),
        (
            "Ghana's central bank lifts rate",  # a capital in capitals mid-sentence
            ["The central bank in ACCRA raised its main rate on Monday."],
        ),
        ("Warning shots fired by South Korea's military", KOREA),
        ("South Sudan's army retakes town near Juba", SOUTH_SUDAN),
        ("DR Congo says rebels seized a town", CONGO),
    ],
)
def test_a_faithful_rewrite_passes(text, sources):
    """Word order, sentence openers, names of the source and numbers written
    another way are no inventions."""
    assert unsupported(text, sources) == []


@pytest.mark.parametrize(
    ("text", "sources", "missing"),
    [
        # A name opening the headline, or a sentence after . : ; or a dash.
        ("Mahama hails Ghana rate rise to 29.5%", RATES, ["Mahama"]),
        ("Putin orders rate cut", RATES, ["Putin"]),
        ("Rate rises. Mahama welcomes it", RATES, ["Mahama"]),
        ("Rate rises: Mahama welcomes it", RATES, ["Mahama"]),
        ("Rate rises; Mahama welcomes it", RATES, ["Mahama"]),
        ("Rate rises — Mahama welcomes it", RATES, ["Mahama"]),
        ("“Rates must rise,” Mahama says", RATES, ["Mahama"]),
        ("Musk said rates rose", RATES, ["Musk"]),
        ("EIA says IMF will release funds", RATES, ["EIA"]),
        # Numbers in words, and scales.
        ("Rate rises seven percent", RATES, []),  # seven years: the source's 7
        ("Rate rises three percentage points", RATES, ["three"]),
        ("IMF to release $1.2 million", RATES, ["1.2 million"]),
        ("IMF to release $1.2m", RATES, ["1.2m"]),
        ("Government raised $750bn", RATES, ["750bn"]),
        ("A million households lost savings", RATES, ["A million"]),
        ("Second IMF loan in four years", RATES, ["four"]),
        # Places read as a whole, not word by word.
        ("North Korea fires warning shots", KOREA, ["North Korea"]),
        ("Sudan's army retakes town", SOUTH_SUDAN, ["Sudan"]),
        ("Sudan's army retakes town", ["SOUTH SUDAN ARMY RETAKES TOWN"], ["Sudan"]),
        ("Republic of Congo says rebels seized a town", CONGO, ["Republic of Congo"]),
        ("Ghana raises rate as Lagos watches", RATES, ["Lagos"]),
    ],
)
def test_inventions_opening_a_sentence_in_words_or_in_places_are_reported(
    text, sources, missing
):
    """An invented name opening a sentence, a number written in words or with
    the wrong scale, and a place whose words the source has but not the place
    itself are all reported, as written."""
    assert unsupported(text, sources) == missing


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("$1.2bn", [{"1200000000"}]),
        ("1.2 billion", [{"1200000000"}]),
        ("a 1.2-billion-dollar deal", [{"1200000000"}]),
        ("5 mln and 3 bln", [{"5000000"}, {"3000000000"}]),
        ("twenty two, forty-two, two dozen", [{"22"}, {"42"}, {"24"}]),
        ("a three-year low", [{"3"}]),
        ("one of them, no one, a one-off", []),  # pronouns, not numbers
        ("the 100m final", [{"100", "100000000"}]),  # metres or millions
        ("a £100m bid", [{"100000000"}]),  # money: millions
    ],
)
def test_quantities_are_read_with_their_scales(text, values):
    """Scales multiply the number before them; "one" as a pronoun is no number."""
    assert [set(q.values) for q in quantities(text)] == values


def test_an_invented_name_or_figure_keeps_the_default_draft(chat):
    """Through a real chat server: a rewrite whose headline opens with an invented
    name, or whose standfirst spells an invented figure or names the wrong Korea,
    is not used, and the recorded reason says what was wrong."""
    default = DraftText("South Korea fires warning shots", "It fired on Thursday.")
    chat.reply = json.dumps(
        {
            "headline": "Yoon orders warning shots",
            "standfirst": "North Korea fired warning shots on three days.",
        }
    )
    outcome = backends.rewrite(default, lambda: KOREA)
    assert (outcome.backend, outcome.text) == ("default", default)
    assert outcome.fallback_reason == (
        "openai: failed check: headline mentions 'Yoon', not in the source; "
        "standfirst mentions 'three', 'North Korea', not in the source"
    )
    chat.reply = json.dumps(
        {
            "headline": "Soldiers cross from the north; South Korea fires",
            "standfirst": "The military said South Korea fired warning shots.",
        }
    )
    assert backends.rewrite(default, lambda: KOREA).backend == "openai"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1,000", "1000"),
        ("1000", "1000"),
        ("1,200,000", "1200000"),
        ("3.50", "3.5"),
        ("7.0", "7"),
        ("3,5", "3.5"),  # a decimal comma
        ("1.000.000", "1000000"),
        ("2026", "2026"),
    ],
)
def test_numbers_compare_by_value(raw, value):
    """Thousands separators and trailing zeros do not make a different number."""
    assert number_value(raw) == value


def test_lengths_and_emptiness_are_checked():
    """A headline over 110 characters, an empty field or a standfirst over the word
    budget is refused, whatever its facts."""
    long_headline = "Ghana raises rate " * 8
    found = problems(
        DraftText(long_headline, "Ghana raises rate."), SOURCE, max_words=60
    )
    assert found == [
        f"headline of {len(long_headline.strip())} characters (at most 110)"
    ]
    assert problems(DraftText("", ""), SOURCE, max_words=60) == [
        "empty headline",
        "empty standfirst",
    ]
    stand = "Ghana raised its main rate on Monday to slow inflation."
    assert problems(DraftText("Ghana raises rate", stand), SOURCE, max_words=5) == [
        "standfirst of 10 words (at most 5)"
    ]
    assert problems(DraftText("Ghana raises rate", stand), SOURCE, max_words=60) == []


def test_problems_name_the_field_and_the_invented_words():
    """The recorded reason says which field mentions what."""
    draft = DraftText("Ghana raises rate to 31%", "Governor Kofi Mensah spoke.")
    assert problems(draft, SOURCE, max_words=60) == [
        "headline mentions '31', not in the source",
        "standfirst mentions 'Kofi', 'Mensah', not in the source",
    ]


@pytest.mark.parametrize(
    "content",
    [
        '{"headline": "Ghana raises rate", "standfirst": "It rose."}',
        '```json\n{"headline": "Ghana raises rate", "standfirst": "It rose."}\n```',
        'Sure:\n```\n{"headline": "Ghana raises rate", "standfirst": "It rose."}```',
        'Here you are: {"headline": "Ghana  raises\\nrate", "standfirst": "It rose."}',
        '<think>The {draft} needs work.</think>{"headline": "Ghana raises rate",'
        ' "standfirst": "It rose."}',
    ],
    ids=["plain", "fenced", "bare-fence", "words-around", "thinking"],
)
def test_replies_are_read_in_the_forms_models_give(content):
    """Plain JSON, fenced JSON, JSON in a sentence and reasoning output all parse."""
    assert parse_reply(content) == DraftText("Ghana raises rate", "It rose.")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("No.", "no JSON object in the reply"),
        ('{"headline": "x", }', "invalid JSON in the reply"),
        ('{"headline": 3, "standfirst": "x"}', 'no "headline" text'),
    ],
)
def test_unreadable_replies_fail_with_a_reason(content, reason):
    """A reply without the two texts is a failure that says what was wrong."""
    with pytest.raises(BackendFailure, match=reason):
        parse_reply(content)
