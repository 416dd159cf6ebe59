"""The source check of rewritten drafts, and the reading of a model's reply (pure
text: no database, no network)."""

from __future__ import annotations

import pytest

from wiredesk.drafting.backends import BackendFailure, DraftText
from wiredesk.drafting.backends.openai_compatible import parse_reply
from wiredesk.drafting.backends.source_check import number_value, problems, unsupported

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
