"""ANPA 1312 parsing and detection, on hand-written messages and the AP corpus files.

Corpus files are read at test time; the expected values were read by hand from the
bytes of each file (``cat -A``), nothing of them is copied here but short fields.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers.anpa import parse, sniff
from wiredesk.ingest.parsers.base import Head
from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.wire import ParsedItem, ParseError, Signal

FOLDER = "wire-samples/anpa-1312/superdesk-fixtures"
FILES = [
    "anpa-1.tst",
    "anpa-2.tst",
    "anpa-4.tst",
    "ap_anpa-1.tst",
    "ap_anpa-3.tst",
    "ap_anpa-4.tst",
    "ap_anpa-6.tst",
    "ap_anpa-7.tst",
]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def anpa(
    header: str = "r a\x13\x11 BC-US--Coast-Floods 1stLd-Writethru   03-02 0120",
    lines: tuple[str, ...] = (
        "^BC-US--Coast Floods, 1st Ld-Writethru,120<",
        "^Floods hit coastal towns<",
        "^Eds: Updates with toll.<",
        "^By JANE DOE=",
        "^Associated Press=",
        "\t   LIMA, Peru (AP) _ Rain fell for ``three days.''",
        " ",
        "\t   More rain is due.",
    ),
    trailer: str = "AP-WF-03-02-15 0902GMT<",
    number: str = "a0001",
    selectors: str = "-----",
    encoding: str = "cp1252",
) -> bytes:
    """One ANPA 1312 message framed as AP transmits it."""
    text = "\r\n".join(lines)
    return (
        f"\x16\x16\x01{number}\x1f{selectors}\r\n{header}\r\n\x02{text}\r\n"
        f"\t   \x03{trailer}\r\n\x0c\r\n\x04"
    ).encode(encoding)


def one(data: bytes, **kwargs) -> ParsedItem:
    feed = parse(data, **kwargs)
    assert len(feed.items) == 1, feed.skipped
    return feed.items[0]


# -- hand-written messages -------------------------------------------------------------


def test_message_fields_are_read_from_header_text_and_trailer():
    """Every field ANPA carries is filled, without typesetting or control codes."""
    item = one(anpa())
    assert item.guid == "anpa1312:US--Coast-Floods:2015-03-02"
    assert item.version == "1stLd-Writethru"
    assert item.headline == "Floods hit coastal towns"
    assert item.slug == "BC-US--Coast Floods"
    assert item.byline == "By JANE DOE, Associated Press"
    assert item.dateline == "LIMA, Peru"
    assert item.provider == "AP"
    assert item.urgency == 5
    assert item.published == datetime(2015, 3, 2, 9, 2, tzinfo=UTC)
    assert item.signal == Signal.UPDATE
    assert item.subjects == ["anpa-category:a"]
    assert item.body_text == (
        "LIMA, Peru (AP) — Rain fell for “three days.”\n\nMore rain is due."
    )


@pytest.mark.parametrize(
    ("code", "urgency"), [("f", 1), ("b", 2), ("u", 3), ("r", 5), ("d", 7), ("x", None)]
)
def test_priority_code_maps_to_urgency(code, urgency):
    """Flash, bulletin, urgent, regular, deferred map onto 1..7; unknown is None."""
    header = f"{code} a\x13\x11 BC-US--Coast-Floods   03-02 0120"
    assert one(anpa(header=header)).urgency == urgency


def test_retransmission_keeps_the_guid():
    """Another message number, circuit and time is still the same story."""
    first = one(anpa())
    again = one(
        anpa(number="b0417", selectors="asian", trailer="AP-WF-03-02-15 1130GMT<")
    )
    assert again.guid == first.guid


def test_writethru_with_a_new_headline_keeps_the_guid_and_changes_version():
    """A later lead is a new version of the same item, even with a new headline."""
    first = one(anpa())
    lines = (
        "^BC-US--Coast Floods, 2nd Ld-Writethru,140<",
        "^Floods kill 3 in coastal towns<",
        "\t   LIMA, Peru (AP) _ Three people died.",
    )
    later = one(
        anpa(
            header="r a\x13\x11 AM-US--Coast-Floods 2ndLd-Writethru   03-02 0140",
            lines=lines,
        )
    )
    assert later.guid == first.guid
    assert later.version == "2ndLd-Writethru"
    assert later.headline != first.headline


def test_different_keyword_or_day_is_a_different_guid():
    """The keyword and the day of the header identify the story."""
    base = one(anpa()).guid
    other = one(anpa(header="r a\x13\x11 BC-US--Coast-Storm   03-02 0120")).guid
    next_day = one(anpa(header="r a\x13\x11 BC-US--Coast-Floods   03-03 0120")).guid
    assert len({base, other, next_day}) == 3


def test_message_without_keyword_falls_back_to_a_headline_hash():
    """With no keyword at all, two messages differ by their headlines."""
    a = one(anpa(header="r a\x13\x11", lines=("^First headline<", "\t   Text.")))
    b = one(anpa(header="r a\x13\x11", lines=("^Second headline<", "\t   Text.")))
    assert a.guid.startswith("anpa1312:a:nodate:")
    assert a.guid != b.guid


@pytest.mark.parametrize(
    ("version", "note", "headline", "signal"),
    [
        ("KILL", "^Eds: Story withdrawn.<", "Floods hit towns", Signal.KILL),
        ("", "^Eds: ELIMINATION. Do not use.<", "Floods hit towns", Signal.KILL),
        ("", "^Eds: WITHHOLD until further notice.<", "Floods hit towns", Signal.KILL),
        ("Correction", "^Eds: With AP Photos.<", "Floods hit towns", Signal.CORRECTION),
        (
            "",
            "^Eds: Corrects spelling of mayor.<",
            "Floods hit towns",
            Signal.CORRECTION,
        ),
        ("", "^Eds: Updates toll; 3 killed.<", "Floods killed 3", Signal.NEW),
        ("", "^Eds: With AP Photos.<", "KILL: Floods hit towns", Signal.KILL),
        ("", "^Eds: With AP Photos.<", "POLICE KILL SUSPECT", Signal.NEW),
        ("", "^Eds: With AP Photos.<", "Floods hit towns", Signal.NEW),
    ],
)
def test_kill_and_correction_markers_set_the_signal(version, note, headline, signal):
    """Capital kill words and correction notes signal; a lower-case "killed" is news."""
    header = f"r a\x13\x11 BC-US--Coast-Floods {version}   03-02 0120"
    lines = ("^BC-US--Coast Floods,120<", f"^{headline}<", note, "\t   Text.")
    assert one(anpa(header=header, lines=lines)).signal == signal


@pytest.mark.parametrize(
    ("trailer", "expected"),
    [
        ("AP-NY-02-20-15 1230EST<", datetime(2015, 2, 20, 17, 30, tzinfo=UTC)),
        ("AP-NY-07-04-15 2300EDT<", datetime(2015, 7, 5, 3, 0, tzinfo=UTC)),
        ("AAP-SY-03-02-2015 1000AEST", datetime(2015, 3, 2, 0, 0, tzinfo=UTC)),
        ("AP-WF-03-02-15 0902", datetime(2015, 3, 2, 9, 2, tzinfo=UTC)),
        ("AP-WF-03-02-15 0902XYZT", None),
        ("", None),
    ],
)
def test_trailer_time_is_converted_to_utc(trailer, expected):
    """Zones become UTC; no zone reads as UTC; an unknown zone is not guessed."""
    assert one(anpa(trailer=trailer)).published == expected


def test_time_only_trailer_takes_the_header_date_and_the_nearest_year():
    """ "0902 GMT" is dated by the header's month-day, in the year nearest to now."""
    data = anpa(trailer="0902 GMT")
    now = datetime(2016, 1, 3, tzinfo=UTC)
    assert one(data, now=now).published == datetime(2016, 3, 2, 9, 2, tzinfo=UTC)
    late = datetime(2015, 12, 30, tzinfo=UTC)
    assert one(data, now=late).published == datetime(2016, 3, 2, 9, 2, tzinfo=UTC)
    assert one(data).published is None


def test_plain_text_without_header_codes_takes_the_first_line_as_headline():
    """Without "^" header lines, the unindented first line is the headline."""
    lines = (
        "Storm closes port",
        "\tSYDNEY, Australia (AAP) - The port shut.",
        "\tMore.",
    )
    item = one(anpa(lines=lines, trailer="0902 GMT"))
    assert item.headline == "Storm closes port"
    assert item.dateline == "SYDNEY, Australia"
    assert item.body_text == "SYDNEY, Australia (AAP) - The port shut.\n\nMore."


def test_utf8_message_is_read_as_utf8():
    """A message that is valid UTF-8 decodes as UTF-8."""
    lines = ("^São Paulo mayor wins vote<", "\t   SÃO PAULO (AP) _ Text.")
    item = one(anpa(lines=lines, encoding="utf-8"))
    assert item.headline == "São Paulo mayor wins vote"
    assert item.dateline == "SÃO PAULO"


def test_windows_1252_quotes_and_latin1_letters_decode():
    """8-bit text reads as Windows-1252: curly quotes and accented letters."""
    lines = ("^\x93Big\x94 win for L\xf3pez<", "\t   Text.")
    data = anpa(lines=(), encoding="cp1252").replace(
        b"\x02", b"\x02" + "\r\n".join(lines).encode("latin-1")
    )
    assert one(data).headline == "“Big” win for López"


def test_odd_bytes_never_crash():
    """Bytes undefined in Windows-1252 fall back to Latin-1 and are dropped."""
    data = anpa(lines=("^Odd\x81bytes here<", "\t   Text."), encoding="latin-1")
    item = one(data)
    assert item.headline == "Odd bytes here"


def test_stream_of_two_messages_gives_two_items():
    """Messages follow each other in a stream; each becomes an item."""
    other = anpa(header="r a\x13\x11 BC-US--Other-Story   03-02 0120")
    feed = parse(anpa() + b"\r\n" + other)
    assert [i.guid.split(":")[1] for i in feed.items] == [
        "US--Coast-Floods",
        "US--Other-Story",
    ]


def test_broken_message_in_a_stream_is_skipped_with_reason():
    """One message without STX is reported; the good one is kept."""
    broken = b"\x16\x16\x01a0002\x1f-----\r\nr a\x13\x11 BC-US--X   03-02 1\r\n\x04"
    feed = parse(anpa() + broken)
    assert len(feed.items) == 1
    assert feed.skipped == [
        ("message 2", "ANPA 1312 message without STX (start of text)")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no SOH"),
        (b"Just some text\r\n", "no SOH"),
        (b'<?xml version="1.0"?><nitf/>', "no SOH"),
        (b"\x16\x16\x01a0001\x1f-----\r\nnot a header\r\n\x02^Text<\x03\x04", "header"),
        (
            b"\x16\x16\x01a0001\x1f-----\r\nr a\x13\x11 BC-US--X   03-02 1\r\n\x04",
            "STX",
        ),
    ],
)
def test_malformed_input_raises_parse_error_saying_what_is_wrong(data, message):
    """Input that is no ANPA 1312 message raises ParseError naming the problem."""
    with pytest.raises(ParseError, match=message):
        parse(data)


@pytest.mark.parametrize(
    ("data", "score"),
    [
        (anpa(), 80),
        (anpa()[2:], 80),  # SOH without the SYN bytes, ANPA header on line 2
        (b"\x16\x16\x01garbage", 60),
        (b"\x01eca062 4 i 211 ccccb   dpa 061\r\n\r\nkw/\r\n\x02Head =\r\n\x03", 0),
        (b'<?xml version="1.0"?><rss/>', 0),
        (b'{"headline": "x"}', 0),
        (b"plain text", 0),
    ],
)
def test_sniff_scores_anpa_framing_only(data, score):
    """SYN SYN SOH with an ANPA header scores 80; IPTC 7901, XML and JSON score 0."""
    assert sniff(Head(data)) == score


def test_hand_written_message_is_detected_as_anpa():
    """detect_format names anpa1312 for a framed ANPA message."""
    assert detect_format(anpa()) == "anpa1312"


# -- the shared corpus ---------------------------------------------------------------


def test_corpus_folder_holds_exactly_the_files_tested(corpus):
    """A file added to the corpus folder is noticed here."""
    assert sorted(p.name for p in (corpus / FOLDER).iterdir()) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_corpus_file_is_detected_as_anpa(corpus, name):
    """Every ANPA corpus file is detected as anpa1312 from its bytes."""
    assert detect_format((corpus / FOLDER / name).read_bytes()) == "anpa1312"


@pytest.mark.parametrize("name", FILES)
def test_corpus_file_parses_to_clean_items(corpus, name):
    """Each file gives one item with guid, headline, body, aware UTC time, no codes."""
    feed = parse((corpus / FOLDER / name).read_bytes())
    assert feed.skipped == []
    (item,) = feed.items
    assert item.guid.startswith("anpa1312:")
    assert item.headline and item.body_text
    assert (
        item.published is not None and item.published.utcoffset().total_seconds() == 0
    )
    for name_, value in vars(item).items():
        if isinstance(value, str):
            assert not CONTROL.search(value), name_
    for paragraph in item.body_text.split("\n\n"):
        assert paragraph == paragraph.strip() and paragraph
        assert not paragraph.startswith("^") and not paragraph.endswith(("<", "="))


def test_corpus_ap_feature_fields(corpus):
    """anpa-1.tst: feature with byline, title, dateline and GMT trailer."""
    item = one((corpus / FOLDER / "anpa-1.tst").read_bytes())
    assert item.guid == "anpa1312:LT--Argentina-CancerB:2013-11-13"
    assert item.headline == "For Argentine chemo patients, mirrors can hurt"
    assert item.slug == "BC-LT--Argentina-Cancer Beauty"
    assert item.byline == "By PAUL BYRNE and ALMUDENA CALATRAVA, Associated Press"
    assert item.dateline == "BUENOS AIRES, Argentina"
    assert item.provider == "AP"
    assert item.version == ""
    assert item.urgency == 1  # priority code "f"
    assert item.signal == Signal.NEW
    assert item.subjects == ["anpa-category:l"]
    assert item.published == datetime(2013, 11, 13, 15, 9, tzinfo=UTC)
    paragraphs = item.body_text.split("\n\n")
    assert len(paragraphs) == 15
    assert paragraphs[0].startswith("BUENOS AIRES, Argentina (AP) — For cancer")
    assert paragraphs[1].startswith("“Look Good Feel Better” is a program")


def test_corpus_ap_sports_writethru_fields(corpus):
    """ap_anpa-1.tst: a writethru with summary line, sports subject and CR LF lines."""
    item = one((corpus / FOLDER / "ap_anpa-1.tst").read_bytes())
    assert item.guid == "anpa1312:BKN--Heat-Hawks:2016-02-20"
    assert item.version == "1stLd-Writethru"
    assert item.signal == Signal.UPDATE
    assert item.headline == "Deng has 30 points, short-handed Heat beat Hawks 115-111"
    assert item.summary.startswith("Luol Deng scored 30 points")
    assert item.byline == "By CHARLES ODUM, AP Sports Writer"
    assert item.dateline == "ATLANTA"
    assert item.subjects == ["anpa-category:z", "subj:15008000"]
    assert item.published == datetime(2016, 2, 20, 3, 37, tzinfo=UTC)
    assert len(item.body_text.split("\n\n")) == 19
    assert "AP Photo" not in item.body_text and "Eds:" not in item.body_text


def test_corpus_ap_short_writethru_fields(corpus):
    """ap_anpa-3.tst: a headline starting with "$" and a one-paragraph body."""
    item = one((corpus / FOLDER / "ap_anpa-3.tst").read_bytes())
    assert item.guid == "anpa1312:US--GiantLobsterDeath:2016-08-29"
    assert item.headline == "$210 lobster is found dead"
    assert item.slug == "BC-US--Giant Lobster Death"
    assert item.dateline == "CHATHAM, Mass."
    assert item.body_text == "CHATHAM, Mass. (AP) — A lobster died."
    assert item.byline == ""
    assert item.published == datetime(2016, 8, 29, 16, 26, tzinfo=UTC)


def test_corpus_ap_table_is_plain_rows_and_latin1(corpus):
    """ap_anpa-6.tst: tabular codes become spaces; the byte F3 reads as "ó"."""
    item = one((corpus / FOLDER / "ap_anpa-6.tst").read_bytes())
    assert item.guid == "anpa1312:BBO--WildCardGlance:2019-08-18"
    assert item.headline == "Wild Card Glance"
    assert item.byline == "By The Associated Press"
    assert item.subjects == ["anpa-category:s", "subj:15007000"]
    assert item.published == datetime(2019, 8, 18, 20, 17, tzinfo=UTC)
    paragraphs = item.body_text.split("\n\n")
    assert paragraphs[:3] == ["All Times EDT", "AMERICAN LEAGUE", "W L Pct WCGB"]
    assert "Tampa Bay 73 52 .584 _" in paragraphs
    assert "Kansas City (López 1-7) at Baltimore (Means 8-8), 7:05 p.m." in paragraphs


def test_corpus_ap_digest_of_unindented_lines(corpus):
    """anpa-4.tst: a digest whose "^" lines without end codes are the body."""
    item = one((corpus / FOLDER / "anpa-4.tst").read_bytes())
    assert item.guid == "anpa1312:Top-Entertainment-Hea:2016-02-09"
    assert item.headline == "AP Top Entertainment News at 11:23 p.m. EST"
    assert item.slug == "AP-Top-Entertainment-Headlines"
    assert item.published == datetime(2016, 2, 10, 4, 23, tzinfo=UTC)
    paragraphs = item.body_text.split("\n\n")
    assert len(paragraphs) == 10
    assert paragraphs[0] == "Ex-bodyguard testifies about lewd messages sent to Paltrow"


def test_corpus_ap_summary_line_and_agency_byline(corpus):
    """ap_anpa-7.tst: the line after the headline is the summary."""
    item = one((corpus / FOLDER / "ap_anpa-7.tst").read_bytes())
    assert item.headline == "10 Things to Know for Today"
    assert item.summary.startswith("Among 10 Things to Know: Bahamians begin rescues")
    assert item.byline == "By The Associated Press"
    assert item.dateline == ""
    assert item.signal == Signal.NEW
