"""IPTC 7901 parsing and detection, on hand-written messages and the dpa corpus files.

Corpus files are read at test time; the expected values were read by hand from the
bytes of each file, nothing of them is copied here but short fields.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers.base import Head
from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.parsers.iptc7901 import parse, sniff
from wiredesk.ingest.wire import ParsedItem, ParseError, Signal

FOLDER = "wire-samples/iptc7901/superdesk-fixtures"
FILES = [
    "IPTC7901.txt",
    "IPTC7901_odd_charset.txt",
    "dpa_four_line.txt",
    "dpa_two_by_line.txt",
]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def iptc(
    header: str = "eca0012 3 i 120  dpa 0031",
    keywords: str = "Peru/weather/",
    heading: tuple[str, ...] = ("Floods hit coastal towns", "By Ana Ruiz, dpa ="),
    body: str = (
        "Lima (dpa) - Rain fell for three days\r\non the coast.\r\n\n"
        "More rain is due.\r\n\n"
    ),
    tail: str = "# Notebook\r\n\n* * * *\r\nThe following information is not "
    "for publication\r\n- Editing by: Desk\r\n\ndpa ar xy\r\n\r\n",
    trailer: str = "020902 GMT Mar 15 ",
    encoding: str = "cp1252",
) -> bytes:
    """One IPTC 7901 message framed the way dpa transmits it."""
    text = "\n".join(heading)
    return (
        f"\x01{header}\r\n\n{keywords}\r\n\x02{text}\r\n\n{body}{tail}"
        f"\x03{trailer}\r\n\x7f\n\x7f\x04"
    ).encode(encoding)


def one(data: bytes, **kwargs) -> ParsedItem:
    feed = parse(data, **kwargs)
    assert len(feed.items) == 1, feed.skipped
    return feed.items[0]


# -- hand-written messages -------------------------------------------------------------


def test_message_fields_are_read_from_header_heading_body_and_trailer():
    """Every field IPTC 7901 carries is filled; notebook and contacts stay out."""
    item = one(iptc())
    assert item.guid.startswith("iptc7901:dpa:Peru/weather:2015-03-02:")
    assert item.headline == "Floods hit coastal towns"
    assert item.byline == "By Ana Ruiz, dpa"
    assert item.dateline == "Lima"
    assert item.provider == "dpa"
    assert item.slug == "Peru/weather"
    assert item.keywords == ["Peru", "weather"]
    assert item.subjects == ["iptc7901-category:i"]
    assert item.urgency == 3
    assert item.version == ""
    assert item.signal == Signal.NEW
    assert item.published == datetime(2015, 3, 2, 9, 2, tzinfo=UTC)
    assert item.body_text == (
        "Lima (dpa) - Rain fell for three days on the coast.\n\nMore rain is due."
    )


def test_retransmission_keeps_the_guid():
    """A REFILE under a new message number and time is the same story."""
    first = one(iptc())
    again = one(
        iptc(
            header="eca0099 3 i 120  dpa 0077",
            heading=("REFILE", "Floods hit coastal towns", "By Ana Ruiz, dpa ="),
            trailer="021430 GMT Mar 15",
        )
    )
    assert again.guid == first.guid
    assert again.signal == Signal.UPDATE


def test_lead_with_new_headline_is_a_new_guid_with_a_version():
    """A rewritten lead under a new headline is an item of its own, version kept."""
    first = one(iptc())
    lead = one(iptc(heading=("1ST LEAD", "Floods kill three", "By Ana Ruiz, dpa =")))
    assert lead.guid != first.guid
    assert lead.version == "1ST LEAD"
    assert lead.signal == Signal.UPDATE
    assert lead.headline == "Floods kill three"


@pytest.mark.parametrize(
    ("heading", "tail", "signal"),
    [
        (("WITHDRAWAL", "Floods hit coastal towns ="), "", Signal.KILL),
        (("KILL", "Floods hit coastal towns ="), "", Signal.KILL),
        (("CORRECTION", "Floods hit coastal towns ="), "", Signal.CORRECTION),
        (
            ("Floods hit coastal towns =",),
            "# Notebook\r\n\n## Note to editors\r\n- corrects toll\r\n\n",
            Signal.CORRECTION,
        ),
        (
            ("Floods hit coastal towns =",),
            "# Notebook\r\n\n## Refile\r\n\n",
            Signal.UPDATE,
        ),
        (("Floods killed three =",), "", Signal.NEW),
    ],
)
def test_markers_set_the_signal(heading, tail, signal):
    """Kill, correction and lead markers signal; a "killed" in the headline is news."""
    assert one(iptc(heading=heading, tail=tail)).signal == signal


@pytest.mark.parametrize(
    ("trailer", "expected"),
    [
        ("211259 Nov 18", datetime(2018, 11, 21, 12, 59, tzinfo=UTC)),
        ("071341 GMT Okt 15", datetime(2015, 10, 7, 13, 41, tzinfo=UTC)),
        ("151200 MEZ Dez 15", datetime(2015, 12, 15, 11, 0, tzinfo=UTC)),
        ("011800 CEST Mai 16", datetime(2016, 5, 1, 16, 0, tzinfo=UTC)),
        ("301200 GMT Feb 15", None),
        ("no date here", None),
    ],
)
def test_trailer_time_is_converted_to_utc(trailer, expected):
    """English and German months and zones; no zone is UTC; impossible dates None."""
    assert one(iptc(trailer=trailer)).published == expected


def test_trailer_without_year_takes_the_year_nearest_to_now():
    """ "020902 GMT Mar" is dated in the year that puts it nearest to now."""
    data = iptc(trailer="020902 GMT Mar")
    now = datetime(2016, 3, 5, tzinfo=UTC)
    assert one(data, now=now).published == datetime(2016, 3, 2, 9, 2, tzinfo=UTC)
    assert one(data).published is None


def test_body_phrases_like_the_notebook_markers_do_not_cut_the_text():
    """Only the "* * * *" rule and the "The following ..." line end the body."""
    body = (
        "Lima (dpa) - The report was not for publication.\r\n\n"
        "* * *\r\n\ndpa said more.\r\n\n"
    )
    item = one(iptc(body=body))
    assert item.body_text == (
        "Lima (dpa) - The report was not for publication.\n\n* * *\n\ndpa said more."
    )


def test_heading_without_closing_equals_sign_uses_the_first_line():
    """With no "=" line the first line is the headline and the rest is body."""
    item = one(iptc(heading=("Floods hit coastal towns",)))
    assert item.headline == "Floods hit coastal towns"
    assert item.byline == ""
    assert item.body_text.startswith("Lima (dpa) - Rain fell")


def test_latin1_umlauts_decode_to_german_text():
    """8-bit dpa text reads as Windows-1252/Latin-1: "ü" stays "ü"."""
    item = one(iptc(heading=("Müller trifft für Bayern =",), encoding="latin-1"))
    assert item.headline == "Müller trifft für Bayern"


def test_utf8_message_is_read_as_utf8():
    """A message that is valid UTF-8 decodes as UTF-8."""
    item = one(iptc(heading=("Größter Streik seit Jahren =",), encoding="utf-8"))
    assert item.headline == "Größter Streik seit Jahren"


def test_stream_of_two_messages_gives_two_items():
    """Messages follow each other in a stream; each becomes an item."""
    second = iptc(heading=("Port closes =",))
    feed = parse(iptc() + b"\r\n" + second)
    assert [i.headline for i in feed.items] == [
        "Floods hit coastal towns",
        "Port closes",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no SOH"),
        (b"plain text\r\n", "no SOH"),
        (b'{"headline": "x"}', "no SOH"),
        (b"\x01not a header\r\n\x02Head =\r\n\x03", "not an IPTC 7901 message"),
        (b"\x01eca0012 3 i 120  dpa 0031\r\nkw/\r\n\x03", "without STX"),
        (b"\x01eca0012 3 i 120  dpa 0031\r\nkw/\r\n\x02\r\n\x03", "no headline"),
        (
            b"\x16\x16\x01W2870\x1fasian\nr a\x13\x11 BC-X   03-02 1\n\x02^H<\x03",
            "IPTC",
        ),
    ],
)
def test_malformed_input_raises_parse_error_saying_what_is_wrong(data, message):
    """Input that is no IPTC 7901 message raises ParseError naming the problem."""
    with pytest.raises(ParseError, match=message):
        parse(data)


@pytest.mark.parametrize(
    ("data", "score"),
    [
        (iptc(), 80),
        (b"\x01odd header\r\n\x02Head =\r\n\x03", 40),
        (b"\x16\x16\x01W2870\x1fasian\nr a\x13\x11 BC-X   03-02 1\n\x02^H<\x03", 0),
        (b'<?xml version="1.0"?><nitf/>', 0),
        (b'[{"headline": "x"}]', 0),
        (b"plain text", 0),
    ],
)
def test_sniff_scores_iptc7901_framing_only(data, score):
    """SOH with a 7901 header scores 80; ANPA 1312, XML and JSON score 0."""
    assert sniff(Head(data)) == score


def test_hand_written_message_is_detected_as_iptc7901():
    """detect_format names iptc7901 for a framed IPTC 7901 message."""
    assert detect_format(iptc()) == "iptc7901"


# -- the shared corpus ---------------------------------------------------------------


def test_corpus_folder_holds_exactly_the_files_tested(corpus):
    """A file added to the corpus folder is noticed here."""
    assert sorted(p.name for p in (corpus / FOLDER).iterdir()) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_corpus_file_is_detected_as_iptc7901(corpus, name):
    """Every IPTC 7901 corpus file is detected as iptc7901 from its bytes."""
    assert detect_format((corpus / FOLDER / name).read_bytes()) == "iptc7901"


@pytest.mark.parametrize("name", FILES)
def test_corpus_file_parses_to_clean_items(corpus, name):
    """Each file gives one item with guid, headline, body, aware UTC time, no codes."""
    feed = parse((corpus / FOLDER / name).read_bytes())
    assert feed.skipped == []
    (item,) = feed.items
    assert item.guid.startswith("iptc7901:dpa")
    assert item.headline and item.body_text and item.dateline
    assert item.published is not None
    assert item.published.utcoffset().total_seconds() == 0
    for field_name, value in vars(item).items():
        if isinstance(value, str):
            assert not CONTROL.search(value), field_name
            assert "\ufffd" not in value, field_name
    # Notebook, contacts "not for publication" and the sign-off stay out.
    for internal in ("Notebook", "* * * *", "publication", "Editing by", "@dpa.com"):
        assert internal not in item.body_text


def test_corpus_plain_message_fields(corpus):
    """IPTC7901.txt: heading closed by "=", GMT trailer without century."""
    item = one((corpus / FOLDER / "IPTC7901.txt").read_bytes())
    assert item.guid.startswith("iptc7901:dpa:Germany-politics:2013-11-13:")
    assert item.headline == (
        "Germany Social Democrats: Coalition talks with Merkel could fail"
    )
    assert item.slug == "Germany-politics"
    assert item.byline == ""
    assert item.dateline == "Berlin"
    assert item.provider == "dpa"
    assert item.urgency == 4
    assert item.subjects == ["iptc7901-category:i"]
    assert item.signal == Signal.NEW
    assert item.published == datetime(2013, 11, 13, 11, 37, tzinfo=UTC)
    paragraphs = item.body_text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("Berlin (dpa) - Negotiations between German")
    assert "\r" not in item.body_text and "  " not in item.body_text


def test_corpus_odd_charset_is_german_unicode(corpus):
    """IPTC7901_odd_charset.txt: byte FC is "ü"; a lead with byline, German month."""
    item = one((corpus / FOLDER / "IPTC7901_odd_charset.txt").read_bytes())
    assert "Thomas Müller" in item.body_text
    assert "Ã" not in item.body_text
    assert (
        item.headline == "German football saddened by illness to striker legend Mueller"
    )
    assert item.byline == "By Manuel Schwarz, dpa"
    assert item.version == "1ST LEAD"
    assert item.signal == Signal.UPDATE
    assert item.slug == "Germany-football/Munich/Mueller"
    assert item.keywords == ["Germany-football", "Munich", "Mueller"]
    assert item.dateline == "Munich"
    assert item.urgency == 3
    assert item.subjects == ["iptc7901-category:s"]
    assert item.published == datetime(2015, 10, 7, 13, 41, tzinfo=UTC)
    assert len(item.body_text.split("\n\n")) == 21


def test_corpus_refiled_lead_with_four_heading_lines(corpus):
    """dpa_four_line.txt: REFILE and 1ST LEAD markers above headline and byline."""
    item = one((corpus / FOLDER / "dpa_four_line.txt").read_bytes())
    assert item.headline == (
        "Switzerland joins list of countries resisting UN migration pact"
    )
    assert item.byline == "By dpa correspondents"
    assert item.version == "1ST LEAD"
    assert item.signal == Signal.UPDATE
    assert item.slug == "Switzerland/migration/UN"
    assert item.dateline == "Geneva"
    assert item.published == datetime(2018, 11, 21, 23, 22, tzinfo=UTC)
    assert "Internet links" not in item.body_text
    assert item.body_text.endswith("Poland and the United States.")


def test_corpus_partner_story_without_zone(corpus):
    """dpa_two_by_line.txt: partner agency "dpa-tns", trailer with no zone is UTC."""
    item = one((corpus / FOLDER / "dpa_two_by_line.txt").read_bytes())
    assert item.provider == "dpa-tns"
    assert item.guid.startswith("iptc7901:dpa-tns:American Football/NFL:2018-11-21:")
    assert item.byline == "By Tom Krasovic, The San Diego Union-Tribune"
    assert item.dateline == "San Diego"
    assert item.urgency == 4
    assert item.version == ""
    assert item.signal == Signal.NEW
    assert item.published == datetime(2018, 11, 21, 12, 59, tzinfo=UTC)
    assert len(item.body_text.split("\n\n")) == 35
