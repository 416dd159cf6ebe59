"""NITF 3.x parsing, and the IPTC XML helpers it shares, on hand-written documents
and the corpus.

Corpus files are read at test time; the expected values were read by hand from
each file (short strings only).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers import iptc_xml
from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.parsers.nitf import parse
from wiredesk.ingest.wire import ParseError, Signal

NITF_DIR = "wire-samples/nitf"
CORPUS_FILES = [
    "iptc-ninjs-xslt-samples/NTB_nitf_sample.xml",
    "superdesk-fixtures/aap-cyber.xml",
    "superdesk-fixtures/aap-finance1.xml",
    "superdesk-fixtures/aap-sports.xml",
    "superdesk-fixtures/ap-nitf.xml",
    "superdesk-fixtures/ap_media_text_nitf.xml",
    "superdesk-fixtures/handle_invalid_fields.xml",
    "superdesk-fixtures/mapping_test.xml",
    "superdesk-fixtures/nitf-ntb.xml",
    "superdesk-fixtures/pa1.xml",
    "superdesk-fixtures/pa3.xml",
    "superdesk-fixtures/pa4.xml",
]


def nitf(head: str = "", body_head: str = "", content: str = "", attrs: str = ""):
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<nitf{attrs}><head>{head}</head>'
        f"<body><body.head>{body_head}</body.head>"
        f"<body.content>{content}</body.content></body></nitf>"
    ).encode()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def read(corpus, name: str) -> bytes:
    return (corpus / NITF_DIR / name).read_bytes()


def only_item(data: bytes):
    feed = parse(data)
    assert feed.format == "nitf"
    assert len(feed.items) == 1, feed.skipped
    return feed.items[0]


# -- hand-written documents -------------------------------------------------------


def test_full_document_fills_every_field():
    """A complete NITF document maps onto every ParsedItem field it carries."""
    data = nitf(
        head="""<title>Title only</title>
        <tobject><tobject.subject tobject.subject.refnum="04000000"/></tobject>
        <docdata management-status="usable">
          <doc-id regsrc="XW" id-string="xw-0042"/>
          <urgency ed-urg="2"/>
          <date.issue norm="20130515T110000-0400"/>
          <date.release norm="20130515T160000Z"/>
          <du-key version="3" key="floods-coast"/>
          <doc.copyright year="2013" holder="Example Wire"/>
          <evloc city="Lagos" iso-cc="NG"/>
          <key-list><keyword key="floods"/><keyword>weather</keyword></key-list>
        </docdata>""",
        body_head="""<hedline><hl1>Floods hit the coast</hl1></hedline>
        <byline>By <person>Ada Obi</person><byttl>Staff writer</byttl></byline>
        <distributor>Example Wire</distributor>
        <dateline><location><city>Lagos</city><country>Nigeria</country></location>
          <story.date norm="20130515T110000-0400"/></dateline>
        <abstract><p>Rain fell for days.</p></abstract>""",
        content="""<p>First paragraph.</p><hl2>Aid</hl2><p>Second.</p>
        <media media-type="image"><media-reference source="https://x.example/1.jpg"/>
        <media-caption>Flooded street</media-caption>
        <media-producer>Photographer</media-producer></media>""",
        attrs=' baselang="en-GB"',
    )
    item = only_item(data)
    assert item.guid == "xw-0042"
    assert item.version == "3"
    assert item.headline == "Floods hit the coast"
    assert item.summary == "Rain fell for days."
    assert item.byline == "By Ada Obi, Staff writer"
    assert item.dateline == "Lagos, Nigeria"
    assert item.language == "en-GB"
    assert item.urgency == 2
    assert item.published == item.first_created == utc(2013, 5, 15, 15, 0)
    assert item.embargoed_until == utc(2013, 5, 15, 16, 0)
    assert item.subjects == ["subj:04000000"]
    assert item.places == ["Lagos", "NG", "Nigeria"]
    assert item.keywords == ["floods", "weather"]
    assert item.slug == "floods-coast"
    assert item.provider == "Example Wire"
    assert item.copyright == "© 2013 Example Wire"
    assert item.signal == Signal.NEW
    assert item.media[0].url == "https://x.example/1.jpg"
    assert item.media[0].caption == "Flooded street"
    assert item.media[0].credit == "Photographer"
    assert "<hl2>Aid</hl2>" in item.body_html
    assert "media" not in item.body_html
    assert "Flooded street" not in item.body_html


@pytest.mark.parametrize(
    ("docdata", "signal"),
    [
        pytest.param('management-status="canceled"', Signal.KILL, id="canceled"),
        pytest.param('management-status="withheld"', Signal.KILL, id="withheld"),
        pytest.param("", Signal.NEW, id="usable"),
    ],
)
def test_management_status_kills(docdata, signal):
    """management-status canceled or withheld makes the item a KILL."""
    data = nitf(
        head=f'<docdata {docdata}><doc-id id-string="k1"/></docdata>',
        body_head="<hedline><hl1>Story</hl1></hedline>",
    )
    assert only_item(data).signal == signal


def test_correction_element_signals_correction():
    """A <correction> in docdata makes the item a CORRECTION."""
    data = nitf(
        head='<docdata><doc-id id-string="c1"/><correction info="Fixes name"/>'
        "</docdata>",
        body_head="<hedline><hl1>Story</hl1></hedline>",
    )
    assert only_item(data).signal == Signal.CORRECTION


def test_revision_history_signals_update_and_sets_updated():
    """A dated <revision-history> marks an update and gives the updated time."""
    data = nitf(
        head='<docdata><doc-id id-string="u1"/><date.issue norm="20200703T120000Z"/>'
        '</docdata><revision-history norm="20200703T165136-0400" comment="ADDS"/>',
        body_head="<hedline><hl1>Story</hl1></hedline>",
    )
    item = only_item(data)
    assert item.signal == Signal.UPDATE
    assert item.updated == utc(2020, 7, 3, 20, 51, 36)
    assert item.published == utc(2020, 7, 3, 12, 0)


def test_document_without_id_gets_a_stable_hashed_guid():
    """No doc-id id-string: the guid is a hash of provider, headline and date."""
    data = nitf(
        head='<docdata><doc-id regsrc="AP"/><date.issue norm="20151210T191044Z"/>'
        "</docdata>",
        body_head="<hedline><hl1>Same story</hl1></hedline>",
    )
    first, again = only_item(data), only_item(data)
    assert first.guid == again.guid
    assert first.guid.startswith("nitf:AP:")
    other = only_item(data.replace(b"Same story", b"Other story"))
    assert other.guid != first.guid


def test_missing_fields_leave_defaults():
    """A document with only a headline parses, with empty fields and no dates."""
    item = only_item(nitf(body_head="<hedline><hl1>Bare</hl1></hedline>"))
    assert item.headline == "Bare"
    assert item.guid.startswith("nitf:")
    assert item.published is None and item.urgency is None
    assert item.subjects == [] and item.media == [] and item.body_html == ""


def test_title_stands_in_for_a_missing_hedline():
    """head/title is the headline when body.head has no hl1."""
    item = only_item(nitf(head="<title>From the title</title>", content="<p>x</p>"))
    assert item.headline == "From the title"


def test_document_without_any_headline_is_skipped_with_reason():
    """No hl1 and no title: nothing to store, and skipped says why."""
    feed = parse(nitf(content="<p>Text only</p>"))
    assert feed.items == []
    assert feed.skipped == [("nitf document", "no headline (hl1) or title")]


def test_invalid_dates_are_ignored():
    """Placeholder dates like YYYYMMDD000000-HHMM give None, not an error."""
    data = nitf(
        head='<docdata><doc-id id-string="d1"/>'
        '<date.issue norm="YYYYMMDD000000-HHMM"/></docdata>',
        body_head="<hedline><hl1>Story</hl1></hedline>",
    )
    assert only_item(data).published is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"<nitf><head>", "malformed XML", id="truncated"),
        pytest.param(b"not xml at all", "malformed XML", id="text"),
        pytest.param(b"<rss><channel/></rss>", "expected <nitf>", id="wrong-root"),
    ],
)
def test_malformed_or_foreign_documents_raise_parse_error(data, message):
    """Bytes that are not a NITF document raise ParseError saying what is wrong."""
    with pytest.raises(ParseError, match=message):
        parse(data)


# -- encodings ------------------------------------------------------------------------

HEADLINE = "Café in Zürich, 25 £"


@pytest.mark.parametrize(
    ("declared", "codec"),
    [
        pytest.param("iso-8859-1", "iso-8859-1", id="true-latin-1"),
        pytest.param("iso-8859-1", "utf-8", id="utf-8-labelled-latin-1"),
        pytest.param("utf-8", "iso-8859-1", id="latin-1-labelled-utf-8"),
        pytest.param("", "iso-8859-1", id="latin-1-unlabelled"),
        pytest.param("windows-1252", "cp1252", id="windows-1252"),
    ],
)
def test_encodings_come_out_as_unicode(declared, codec):
    """Whatever the declaration says, accented letters come out right."""
    decl = f' encoding="{declared}"' if declared else ""
    data = (
        f'<?xml version="1.0"{decl}?><nitf><body><body.head><hedline>'
        f"<hl1>{HEADLINE}</hl1></hedline></body.head></body></nitf>"
    ).encode(codec)
    assert only_item(data).headline == HEADLINE


def test_windows_1252_quotes_in_a_latin_1_document_are_read_as_quotes():
    """ISO-8859-1 holding bytes 0x80–0x9F is windows-1252 (curly quotes, dashes)."""
    data = (
        '<?xml version="1.0" encoding="iso-8859-1"?><nitf><body><body.head><hedline>'
        "<hl1>\u201cYes\u201d \u2013 café</hl1></hedline></body.head></body></nitf>"
    ).encode("cp1252")
    assert only_item(data).headline == "\u201cYes\u201d \u2013 café"


# -- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20130515T110000-0400", utc(2013, 5, 15, 15, 0)),
        ("20130515T110000Z", utc(2013, 5, 15, 11, 0)),
        ("20150220T135142", utc(2015, 2, 20, 13, 51, 42)),
        ("2017-10-11T10:41:00+0100", utc(2017, 10, 11, 9, 41)),
        ("2018-03-01T18:34:39.924Z", utc(2018, 3, 1, 18, 34, 39, 924000)),
        ("2016-05-24 20:53:25+00:00", utc(2016, 5, 24, 20, 53, 25)),
        ("  2018-10-18T13:05:00Z \n  ", utc(2018, 10, 18, 13, 5)),
        ("2016-01-12 12:35:40", utc(2016, 1, 12, 12, 35, 40)),
        ("2018-02-05", utc(2018, 2, 5)),
        ("YYYYMMDD000000-HHMM", None),
        ("2018-02-30T10:00:00Z", None),
        ("", None),
    ],
)
def test_iso_dates_extended_and_compact(text, expected):
    """ISO 8601 dates in every form the samples use come out aware, in UTC."""
    assert iptc_xml.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "only_date"),
    [
        ("2014-07-16 15:53:10 GMT+00:00", True),
        ("4/4/2018", True),
        ("MARCH 04, 2013", True),
        ("FORT WASHINGTON, Pa.", False),
        ("Strasbourg, 10 juil 2024 (AFP)", False),
        ("London (dpa) -", False),
    ],
)
def test_datelines_that_are_only_dates_are_recognised(text, only_date):
    """Datelines holding a date and no place are told apart from real ones."""
    assert iptc_xml.is_only_a_date(text) is only_date


# -- the corpus ---------------------------------------------------------------------


def test_corpus_list_is_complete(corpus):
    """Every NITF corpus file is in this test's list, so none goes untested."""
    found = sorted(
        str(p.relative_to(corpus / NITF_DIR))
        for p in (corpus / NITF_DIR).rglob("*")
        if p.is_file()
    )
    assert found == sorted(CORPUS_FILES)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_parses_to_one_dated_item(corpus, name):
    """Every corpus file gives one item with a guid, a headline and UTC dates."""
    item = only_item(read(corpus, name))
    assert item.guid and item.headline
    assert item.body_html
    for when in (item.first_created, item.published, item.updated):
        assert when is not None and when.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_is_detected_as_nitf(corpus, name):
    """detect_format recognises each corpus file as NITF from its bytes."""
    assert detect_format(read(corpus, name)) == "nitf"


def test_corpus_pa_embargoed_item(corpus):
    """PA: ids, urgency, subjects, embargo from date.release, copyright."""
    item = only_item(read(corpus, "superdesk-fixtures/pa3.xml"))
    assert item.guid == "4a82e12e-6b39-47eb-8e59-2c616a7e32a4HHH-13-1"
    assert item.headline.startswith("UK BREAK-UP 'NOT INCONCEIVABLE'")
    assert item.byline == "By Benjamin Wright, Press Association"
    assert item.urgency == 4
    assert item.published == utc(2016, 9, 8, 12, 24, 46)
    assert item.embargoed_until == utc(2016, 9, 8, 23, 1)
    assert item.subjects == ["subj:04015000"]
    assert item.keywords == ["UnitedKingdom"]
    assert item.slug == "PA-HHH-POLITICS-UnitedKingdom"
    assert item.summary == "The UK risks breaking"
    assert item.copyright == "© 2016 Press Association"
    assert item.provider == "Press Association"


def test_corpus_pa_pound_sign_survives_the_latin_1_label(corpus):
    """PA's file says ISO-8859-1 but holds UTF-8: the pound sign comes out right."""
    item = only_item(read(corpus, "superdesk-fixtures/pa4.xml"))
    assert "£25 million" in item.body_html
    assert "Â" not in item.body_html


def test_corpus_ritzau_mapping_test(corpus):
    """Ritzau via NTB: Danish letters, regsrc as provider, du-key version."""
    item = only_item(read(corpus, "superdesk-fixtures/mapping_test.xml"))
    assert item.guid == "20160512:RTZ:8883:0"
    assert item.headline.startswith("*En 41-årig mand")
    assert "København" in item.body_html
    assert item.version == "04"
    assert item.urgency == 3
    assert item.provider == "ritzau.dk"
    assert item.slug == "NU-FLASH-K"
    assert item.published == utc(2016, 5, 11, 22, 5, 13)
    assert item.subjects == ["subj:02000000"]


def test_corpus_ap_story_without_id(corpus):
    """AP: no id-string, so a hashed guid; byline with title; dateline location."""
    item = only_item(read(corpus, "superdesk-fixtures/ap-nitf.xml"))
    assert item.guid.startswith("nitf:AP:")
    assert item.headline == (
        "Can trading pollution like stocks help fight climate change?"
    )
    assert item.byline == "By BERNARD CONDON, AP Business Writer"
    assert item.dateline == "NEW YORK"
    assert item.provider == "The Associated Press"
    assert item.published == utc(2015, 12, 10, 19, 10, 44)
    assert item.copyright == "© 2015 AP"


def test_corpus_canadian_press_invalid_fields(corpus):
    """CP: placeholder dates ignored, head-level urgency, revision marks an update."""
    item = only_item(read(corpus, "superdesk-fixtures/handle_invalid_fields.xml"))
    assert item.guid == "eed713d46d74499d86b3250fa47b341b"
    assert item.published == utc(2020, 7, 3, 20, 51, 36)
    assert item.embargoed_until is None
    assert item.urgency == 2
    assert item.signal == Signal.UPDATE
    assert item.byline == "Mia Rabson and Jordan Press, The Canadian Press"
    assert item.dateline == "Ottawa, Ontario, Canada"
    assert item.keywords == ["National", "Justice", "Politics"]
    assert item.summary == ""


def test_corpus_ntb_story_with_picture(corpus):
    """NTB: baselang, du-key version, evloc places, media caption, naive UTC date."""
    item = only_item(read(corpus, "iptc-ninjs-xslt-samples/NTB_nitf_sample.xml"))
    assert item.guid == "NTB5df9281a-a270-4dc5-a618-869bbc3bbca7_00"
    assert item.language == "nb-NO"
    assert item.version == "1"
    assert item.dateline == "Unnao"
    assert item.byline == "NTB-AFP-DPA"
    assert item.provider == "NTB"
    assert item.places == ["India", "Asia"]
    assert item.subjects == ["subj:07001000", "subj:07000000"]
    assert item.published == utc(2021, 5, 16, 9, 0, 4)
    assert item.media[0].url == "JsxLggxsoo4"
    assert item.media[0].caption.startswith("Kremasjonsbål for koronaofre")
    assert "<hl2>- Det skjulte India</hl2>" in item.body_html


def test_corpus_aap_naive_compact_dates_read_as_utc(corpus):
    """AAP: compact dates without zone are UTC; subject refnum and copyright."""
    item = only_item(read(corpus, "superdesk-fixtures/aap-finance1.xml"))
    assert item.guid == "AAP.0.6703189"
    assert item.published == utc(2015, 2, 20, 13, 51, 42)
    assert item.embargoed_until is None
    assert item.subjects == ["subj:04019000"]
    assert item.slug == "Highlights Finance"
    assert item.copyright == "© 2015 Australian Associated Press"


def test_corpus_namespaced_ap_table(corpus):
    """AP's namespaced NITF: the table body survives, namespace dropped."""
    item = only_item(read(corpus, "superdesk-fixtures/ap_media_text_nitf.xml"))
    assert item.headline == "BC-BBN--Top Ten"
    assert "<table>" in item.body_html
    assert "xmlns" not in item.body_html
