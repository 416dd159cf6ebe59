"""IPTC ninjs 1.x/2.x/3.x parsing and detection, on hand-written items and the corpus.

Corpus files are read at test time; the expected values below are short strings
read by hand from each file.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers.base import Head
from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.parsers.ninjs import parse, sniff, subject_code
from wiredesk.ingest.wire import ParseError, Signal

NINJS = "wire-samples/ninjs"

# Every corpus file: the number of text items it holds, or the reason it is skipped.
CORPUS_FILES = {
    "iptc-ninjs-1.4/businesswire-newsml-20130515006361.json": 1,
    "iptc-ninjs-1.4/ninjsExComplex1.json": 1,
    "iptc-ninjs-1.4/ninjsExSimplePhoto1.json": "picture item, not text",
    "iptc-ninjs-3.0/20231004-UEFA-ChampionLeague.json": "event item, not text",
    "iptc-ninjs-3.0/20231008-anti-doping-measures-at-the-tour-down-under-will-be"
    "-the-toughest-ever-addb-ninjs-nitf.json": 1,
    "iptc-ninjs-3.0/20231016-addb-example-press-conference.json": "event item, "
    "not text",
    "iptc-ninjs-3.0/SIPA_image_3.json": "picture item, not text",
    "iptc-ninjs-3.0/ap_audio.json": "audio item, not text",
    "iptc-ninjs-3.0/ap_video.json": "video item, not text",
    "iptc-ninjs-3.0/businesswire-newsml-20130605006126.json": 1,
    "iptc-ninjs-3.0/dpa_text.json": 1,
    "iptc-ninjs-3.0/imageEncodedRights.json": "picture item, not text",
    "iptc-ninjs-3.0/ninjsExSimpleText_3.json": 1,
    "iptc-ninjs-3.0/ntb_text.json": 1,
    "iptc-ninjs-3.0/tt_event_pressconference_3.0.json": "event item, not text",
    "iptc-ninjs-3.0/tt_text_image_3.json": 1,
    "iptc-ninjs-3.1-guidelines/005_complex_text_article.json": 1,
    "iptc-ninjs-3.1-guidelines/007_multimedia.json": 1,
    "superdesk-fixtures/bbc-ninjs-comp-test.json": 1,
    "superdesk-fixtures/bbc-ninjs-text-test.json": 1,
    "superdesk-fixtures/ninjs2.json": 1,
    "superdesk-fixtures/ninjs3.json": "picture item, not text",
    "superdesk-fixtures/ninjs5.json": 1,
    "superdesk-fixtures/ninjs6.json": "picture item, not text",
    "superdesk-fixtures/ninjsExSimpleText1.json": 1,
    "superdesk-fixtures/ninjs_embargoed.json": 1,
}


def doc(**fields: object) -> bytes:
    return json.dumps(fields).encode("utf-8")


def one(data: bytes):
    feed = parse(data)
    assert len(feed.items) == 1, feed.skipped
    return feed.items[0]


# -- hand-written items ----------------------------------------------------------


def test_ninjs_1x_item_maps_every_field():
    """A 1.x item fills headline, bodies, byline, dateline, codes, times and media."""
    item = one(
        doc(
            uri="urn:test:1x",
            type="text",
            version="3",
            versioncreated="2025-06-10T08:30:00+02:00",
            firstcreated="2025-06-10T05:00:00Z",
            embargoed="2025-06-11T00:00:00Z",
            urgency=2,
            pubstatus="usable",
            language="en",
            headline="Floods hit coastal towns",
            byline="Test Reporter",
            located="ACCRA, Ghana",
            slugline="floods",
            copyrightnotice="(c) Test Wire",
            description_text="Rain fell for three days.",
            body_text="Rain fell.\n\nRivers rose.",
            body_html="<p>Rain fell.</p><p>Rivers rose.</p>",
            subject=[
                {
                    "scheme": "http://cv.iptc.org/newscodes/subjectcode/",
                    "code": "17000000",
                },
                {"name": "Weather desk"},
            ],
            place=[{"name": "Ghana", "code": "GH"}],
            associations={
                "mainpic": {
                    "uri": "urn:test:pic",
                    "type": "picture",
                    "byline": "Photo Person",
                    "description_text": "Flooded road",
                    "renditions": {
                        "thumb": {"href": "https://img.example/t.jpg", "width": 100},
                        "web": {"href": "https://img.example/w.jpg", "width": 1200},
                        "orig": {"href": "https://img.example/o.jpg", "width": 6000},
                    },
                }
            },
        )
    )
    assert item.guid == "urn:test:1x"
    assert item.version == "3"
    assert item.headline == "Floods hit coastal towns"
    assert item.body_html == "<p>Rain fell.</p><p>Rivers rose.</p>"
    assert item.body_text == "Rain fell.\n\nRivers rose."
    assert item.summary == "Rain fell for three days."
    assert (item.byline, item.dateline, item.slug) == (
        "Test Reporter",
        "ACCRA, Ghana",
        "floods",
    )
    assert item.language == "en" and item.urgency == 2
    assert item.updated == datetime(2025, 6, 10, 6, 30, tzinfo=UTC)
    assert item.published == item.updated
    assert item.first_created == datetime(2025, 6, 10, 5, 0, tzinfo=UTC)
    assert item.embargoed_until == datetime(2025, 6, 11, tzinfo=UTC)
    assert item.subjects == ["subj:17000000"]
    assert item.keywords == ["Weather desk"]
    assert item.places == ["Ghana"]
    assert item.copyright == "(c) Test Wire"
    assert item.signal == Signal.NEW
    [media] = item.media
    assert (media.url, media.kind) == ("https://img.example/w.jpg", "image")
    assert (media.caption, media.credit) == ("Flooded road", "Photo Person")


def test_ninjs_3x_camel_case_item_maps_every_field():
    """A 3.x item (camelCase keys, role lists) is read like a 1.x one."""
    item = one(
        doc(
            uri="urn:test:3x",
            type="text",
            version="1",
            versionCreated="2025-06-10T10:00:00Z",
            firstCreated="2025-06-10T09:00:00Z",
            embargoedUntil="2025-06-10T12:00:00+01:00",
            urgency=12,
            language="fr",
            headlines=[
                {"role": "short", "value": "Short one"},
                {"role": "main", "value": "Main headline"},
            ],
            descriptions=[
                {"role": "writer", "value": "desk@example"},
                {"role": "lead", "value": "The lead."},
            ],
            bodies=[
                {"role": "text", "contentType": "text/plain", "value": "Plain."},
                {"role": "xhtml", "contentType": "text/html", "value": "<p>Rich.</p>"},
            ],
            by="Reporter Three",
            located="Dakar",
            subjects=[
                {
                    "uri": "http://cv.iptc.org/newscodes/mediatopic/20000209",
                    "name": "x",
                },
                {"literal": "04005000", "name": "energy"},
            ],
            places=[{"literal": "SN"}],
            infoSources=[{"name": "Agence Test", "role": "originator"}],
            copyrightHolder="Agence Test",
            associations=[
                {"name": "side", "uri": "urn:test:sidebar", "type": "text"},
                {"name": "clip", "uri": "urn:test:clip", "type": "video"},
            ],
        )
    )
    assert item.headline == "Main headline"
    assert item.summary == "The lead."
    assert (item.body_html, item.body_text) == ("<p>Rich.</p>", "Plain.")
    assert (item.byline, item.dateline, item.language) == (
        "Reporter Three",
        "Dakar",
        "fr",
    )
    assert item.urgency == 9  # out of range, held to ninjs' 1..9
    assert item.first_created == datetime(2025, 6, 10, 9, 0, tzinfo=UTC)
    assert item.embargoed_until == datetime(2025, 6, 10, 11, 0, tzinfo=UTC)
    assert item.subjects == ["medtop:20000209", "subj:04005000"]
    assert item.places == ["SN"]
    assert item.provider == "Agence Test"
    assert item.copyright == "Agence Test"
    assert item.related == ["urn:test:sidebar", "urn:test:clip"]
    assert item.media == []


@pytest.mark.parametrize(
    ("field", "status"),
    [("pubstatus", "canceled"), ("pubStatus", "withheld"), ("pubstatus", "Canceled")],
)
def test_withheld_or_canceled_item_is_a_kill(field, status):
    """pubStatus withheld or canceled (any version, any case) signals a kill."""
    item = one(doc(uri="urn:test:k", headline="Killed story", **{field: status}))
    assert item.signal == Signal.KILL


def test_item_with_only_uri_and_headline_has_empty_fields():
    """Missing fields stay empty: no dates, no urgency, no media."""
    item = one(doc(uri="urn:test:bare", headline="Bare"))
    assert (item.body_html, item.body_text, item.summary) == ("", "", "")
    assert item.first_created is item.published is item.updated is None
    assert item.urgency is None and item.media == [] and item.subjects == []


def test_naive_times_are_read_as_utc():
    """A time without a zone (as Superdesk's BBC items send) is taken as UTC."""
    item = one(doc(uri="u", headline="h", versioncreated="2018-05-30T15:14:24"))
    assert item.updated == datetime(2018, 5, 30, 15, 14, 24, tzinfo=UTC)


def test_unreadable_time_is_left_empty():
    """A time that is not ISO 8601 gives no date rather than failing the item."""
    item = one(doc(uri="u", headline="h", versioncreated="yesterday noon"))
    assert item.updated is None


def test_array_of_items_gives_text_items_and_skips_the_rest():
    """A JSON array is a batch: text items parsed, picture and id-less ones skipped."""
    data = json.dumps(
        [
            {"uri": "urn:a", "type": "text", "headline": "First"},
            {"uri": "urn:b", "type": "picture", "headline": "Photo"},
            {"headline": "No id"},
            {"uri": "urn:c", "headlines": [{"value": "Third"}]},
            "not an object",
        ]
    ).encode()
    feed = parse(data)
    assert [i.guid for i in feed.items] == ["urn:a", "urn:c"]
    assert feed.skipped == [
        ("urn:b", "picture item, not text"),
        ("item 3", "no uri or guid"),
        ("item 5", "not a JSON object"),
    ]


def test_composite_without_text_of_its_own_is_skipped():
    """A package with no body is not an article; it is skipped with the reason."""
    feed = parse(doc(uri="urn:pkg", type="composite", headline="Package"))
    assert feed.items == []
    assert feed.skipped == [("urn:pkg", "composite item with no text of its own")]


def test_event_without_type_is_recognised_by_its_event_details():
    """An item with eventDetails and no type is an event and is skipped."""
    feed = parse(doc(uri="urn:ev", title="Press conference", eventDetails={}))
    assert feed.skipped == [("urn:ev", "event item, not text")]


def test_nitf_only_body_gives_the_markup_of_body_content():
    """A body delivered only as NITF becomes the markup inside body.content."""
    nitf = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><nitf><head><title>T</title></head>'
        "<body><body.head><hedline><hl1>T</hl1></hedline></body.head>"
        "<body.content><p>Første avsnitt.</p><p>Second.</p></body.content>"
        "</body></nitf>"
    )
    item = one(
        doc(
            uri="u",
            headline="h",
            bodies=[
                {"role": "nitf", "contentType": "text/vnd.IPTC.NITF", "value": nitf}
            ],
        )
    )
    assert item.body_html == "<p>Første avsnitt.</p><p>Second.</p>"


def test_full_html_document_body_keeps_only_what_is_inside_body():
    """An html5 body that is a whole document loses its <head> and <title>."""
    page = "<html><head><title>Dup</title></head><body><p>Text.</p></body></html>"
    item = one(
        doc(uri="u", headline="h", bodies=[{"contentType": "text/html", "value": page}])
    )
    assert item.body_html == "<p>Text.</p>"


def test_body_without_content_type_is_told_by_its_markup():
    """Bodies without contentType: markup goes to body_html, prose to body_text."""
    item = one(
        doc(
            uri="u",
            headline="h",
            bodies=[{"value": "Just words."}, {"value": "<p>x</p>"}],
        )
    )
    assert (item.body_html, item.body_text) == ("<p>x</p>", "Just words.")


def test_superdesk_guid_items_in_a_wrapper_are_read():
    """Superdesk's {"total", "item": [...]} wrapper of guid-keyed items is ninjs."""
    data = json.dumps(
        {
            "total": 1,
            "item": [
                {
                    "guid": "sd-1",
                    "type": "story",
                    "headline": "Council votes",
                    "body_html": "<p>Yes.</p>",
                    "versioncreated": "2025-01-01T10:00:00+0000",
                    "source": "Local Wire",
                }
            ],
        }
    ).encode()
    assert detect_format(data) == "ninjs"
    item = one(data)
    assert (item.guid, item.provider) == ("sd-1", "Local Wire")
    assert item.updated == datetime(2025, 1, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1252", b"")],
)
def test_encodings_come_out_as_unicode(encoding, prefix):
    """UTF-8 with BOM, UTF-16 and (non-conforming) Windows-1252 JSON all decode."""
    text = json.dumps(
        {"uri": "u", "headline": "Zürich café – “quoted”"}, ensure_ascii=False
    )
    item = one(prefix + text.encode(encoding))
    assert item.headline == "Zürich café – “quoted”"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not valid JSON"),
        (b'{"uri": "u", "headline": ', "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
        (b"42", "neither a JSON object nor an array"),
        (b'{"title": "no ids here"}', "no object with a uri"),
        (b'[{"title": "x"}, {"name": "y"}]', "no object with a uri"),
        (
            b'{"$schema": "https://json-schema.org/draft/2020-12/schema", '
            b'"type": "object", "properties": {}}',
            "JSON Schema",
        ),
        (
            b'{"version": "https://jsonfeed.org/version/1.1", "items": []}',
            "JSON Feed",
        ),
        (b'{"api_version": "1.1", "data": {"items": []}}', "AP Media API"),
    ],
)
def test_documents_that_are_not_ninjs_raise_parse_error(data, message):
    """Malformed JSON or another JSON format raises ParseError saying what it is."""
    with pytest.raises(ParseError, match=message):
        parse(data)


@pytest.mark.parametrize(
    ("uri", "literal", "scheme", "expected"),
    [
        ("http://cv.iptc.org/newscodes/mediatopic/20000209", "", "", "medtop:20000209"),
        (
            "https://cv.iptc.org/newscodes/subjectcode/04005004/",
            "",
            "",
            "subj:04005004",
        ),
        ("", "04005004", "", "subj:04005004"),
        ("", "20000892", "", "medtop:20000892"),
        (
            "",
            "0hzcydt",
            "http://www.freebase.com/m/",
            "http://www.freebase.com/m/0hzcydt",
        ),
        ("http://cv.ap.org/id/86aad5", "86aad5", "", "http://cv.ap.org/id/86aad5"),
        ("", "category:leisure", "", "category:leisure"),
        ("", "Innenriks", "", "Innenriks"),
    ],
)
def test_subject_codes_become_iptc_qcodes_where_recognisable(
    uri, literal, scheme, expected
):
    """IPTC URIs and bare 8-digit codes become subj:/medtop:, others stay as given."""
    assert subject_code(uri, literal, scheme) == expected


# -- sniffing --------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b'{"uri": "spotify:track:1", "name": "A song"}',
        b'{"guid": "x", "title": "t"}',
        b'{"version": "https://jsonfeed.org/version/1", "items": [{"id": "1"}]}',
        b'{"api_version": "1.1", "data": {"item": {"uri": "u", "type": "text"}}}',
        b'{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",'
        b' "properties": {"uri": {}, "headline": {}}}',
        b"[]",
        b"<rss/>",
    ],
)
def test_sniff_does_not_claim_other_json(data):
    """JSON Feed, AP Media API, JSON Schemas and arbitrary JSON score zero."""
    assert sniff(Head(data)) == 0


def test_sniff_claims_a_ninjs_item_and_an_array():
    """An object with uri and a ninjs key, or an array of them, scores 90."""
    assert sniff(Head(doc(uri="u", versionCreated="2025-01-01T00:00:00Z"))) == 90
    assert sniff(Head(json.dumps([{"uri": "u", "type": "text"}]).encode())) == 90


# -- the shared corpus -----------------------------------------------------------


def test_corpus_folder_holds_exactly_the_files_listed_here(corpus):
    """New corpus files must be added to CORPUS_FILES, so none goes untested."""
    found = {
        str(p.relative_to(corpus / NINJS)) for p in (corpus / NINJS).rglob("*.json")
    }
    assert found == set(CORPUS_FILES)


@pytest.mark.parametrize(("relpath", "expected"), CORPUS_FILES.items())
def test_corpus_file_parses_or_is_skipped_with_reason(corpus, relpath, expected):
    """Text files give items with guid, headline and aware times; others are skipped."""
    feed = parse((corpus / NINJS / relpath).read_bytes())
    if isinstance(expected, int):
        assert len(feed.items) == expected and feed.skipped == []
    else:
        assert feed.items == []
        assert [reason for _, reason in feed.skipped] == [expected]
        assert all(guid for guid, _ in feed.skipped)
    for item in feed.items:
        assert item.guid and item.headline
        assert item.body_html or item.body_text
        for moment in (item.first_created, item.published, item.updated):
            assert moment is None or moment.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("relpath", CORPUS_FILES)
def test_corpus_file_is_detected_as_ninjs(corpus, relpath):
    """Every ninjs corpus file is told from its bytes to be ninjs."""
    assert detect_format((corpus / NINJS / relpath).read_bytes()) == "ninjs"


@pytest.mark.parametrize(
    "name",
    [f"ninjs-schema_{v}.json" for v in ("1.4", "1.6", "2.1", "2.2", "3.0", "3.1")],
)
def test_corpus_ninjs_schemas_are_not_taken_for_items(corpus, name):
    """The official JSON Schemas are not ninjs items, for sniffing and parsing."""
    data = (corpus / "wire-samples/schemas/ninjs" / name).read_bytes()
    assert sniff(Head(data)) == 0
    with pytest.raises(ParseError, match="JSON Schema"):
        parse(data)


def test_corpus_dpa_text(corpus):
    """dpa 3.0: headline, html body, byline, version, urgency and dpa as provider."""
    item = one((corpus / NINJS / "iptc-ninjs-3.0/dpa_text.json").read_bytes())
    assert item.guid == "urn:newsml:dpa.com:20090101:190510-99-167362"
    assert (
        item.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    )
    assert item.body_html.startswith('<section class="main"><p>Für Lucien Favre')
    assert item.byline == "Von Christian Hollmann, dpa"
    assert (item.version, item.urgency, item.language) == ("2", 4, "de")
    assert item.updated == datetime(2019, 5, 10, 14, 2, 28, tzinfo=UTC)
    assert item.provider == "dpa"
    assert item.copyright.startswith("Copyright 2019, dpa")


def test_corpus_ntb_text(corpus):
    """NTB 3.0: lead as summary, IPTC subject codes, place, slug and times."""
    item = one((corpus / NINJS / "iptc-ninjs-3.0/ntb_text.json").read_bytes())
    assert item.guid == "urn:8d19cf88-b3ab-4972-8fec-1207599f2872"
    assert item.headline == "Google har kjøpt giganttomt i Skien"
    assert item.summary.startswith("IT-giganten Google har kjøpt en tomt")
    assert item.body_text == item.summary  # no body: the lead is the text
    assert item.subjects == [
        "Innenriks",
        "subj:13010000",
        "subj:04011000",
        "subj:04005000",
    ]
    assert item.places == ["Telemark"]
    assert (item.slug, item.byline, item.provider) == ("skien-google", "NTB", "NTB")
    assert (item.version, item.urgency, item.language) == ("6", 5, "nb-NO")
    assert item.first_created == datetime(2019, 8, 9, 9, 30, 4, tzinfo=UTC)
    assert item.updated == datetime(2019, 8, 9, 9, 46, 53, tzinfo=UTC)


def test_corpus_tt_text_with_picture(corpus):
    """TT 3.0: html5 body cut to <body>, picture association as captioned media."""
    item = one((corpus / NINJS / "iptc-ninjs-3.0/tt_text_image_3.json").read_bytes())
    assert item.guid == "http://tt.se/media/text/210526-militarovning-a0f2d045"
    assert item.headline == "Militärövning i jätteformat hålls 2023"
    assert item.body_html.startswith("<article>") and "<title>" not in item.body_html
    assert item.body_text.startswith(
        "Militärövning i jätteformat hålls 2023\nFörsvar TT"
    )
    assert (item.slug, item.provider, item.urgency) == ("militärövning", "TT", 3)
    assert item.subjects == ["subj:16000000"]
    assert item.places == ["Sverige", "Gotland", "Finland"]
    assert item.updated == datetime(2021, 5, 26, 11, 40, 18, tzinfo=UTC)
    [media] = item.media
    assert media.url.endswith("/a001_NormalPreview.jpg")
    assert media.credit == "Karl Melander/TT"
    assert media.caption.startswith("En stor internationell försvarsövning")


def test_corpus_ninjs_14_composite_is_text_with_media(corpus):
    """1.4 composite with body and a picture association: one text item with media."""
    item = one((corpus / NINJS / "iptc-ninjs-1.4/ninjsExComplex1.json").read_bytes())
    assert item.guid == "http://ninjs.example.com/newsitems/20130709cplx123"
    assert item.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert item.byline == "Paulo Santalucia and Frances d'Emilio"
    assert item.dateline == "Grossetto, Italy"
    assert item.places == ["Grossetto", "Tuscany", "Italy"]
    assert item.body_html.startswith("<p>GROSSETO, Italy (AP)")
    assert item.body_text.startswith("GROSSETO, Italy (AP)")
    [media] = item.media
    assert media.url.endswith("e3b904edbb3a-big.jpg")
    assert media.credit == "Paulo Santalucia"


def test_corpus_addb_nitf_and_media_topics(corpus):
    """ADDB 3.0: media topics from URIs, lead as summary, located as dateline."""
    relpath = next(p for p in CORPUS_FILES if "anti-doping" in p)
    item = one((corpus / NINJS / relpath).read_bytes())
    assert item.subjects == ["medtop:15000000", "medtop:20001105", "medtop:20000892"]
    assert item.summary.startswith("The Australian Sports Anti-Doping Authority")
    assert item.body_text.startswith("The initiatives are being implemented")
    assert (item.dateline, item.version, item.urgency) == ("Oslo, Norway", "2", 4)
    assert item.byline == "Trond Husø, The Anti-Doping Database"


def test_corpus_superdesk_embargoed_item(corpus):
    """Superdesk (360info): guid, embargo, IPTC codes, provider and featured image."""
    item = one(
        (corpus / NINJS / "superdesk-fixtures/ninjs_embargoed.json").read_bytes()
    )
    assert item.guid == "fd8e441b-a698-4411-9246-7d5de21cced9"
    assert item.headline == "Trouble is brewing for the future of beer"
    assert item.version == "11"
    assert item.embargoed_until == datetime(2022, 6, 29, 2, 30, tzinfo=UTC)
    assert item.published == datetime(2022, 6, 26, 23, 54, 25, tzinfo=UTC)
    assert item.first_created == datetime(2022, 6, 20, 23, 20, 35, tzinfo=UTC)
    assert item.subjects == ["subj:06011000", "subj:04001000"]
    assert (item.provider, item.slug) == ("360info", "Climate-smart food")
    [media] = item.media
    assert media.url.startswith("https://superdesk-tga.s3.amazonaws.com/")
    assert media.credit.startswith("Photograph by Pea")


def test_corpus_bbc_ninjs_wrapper(corpus):
    """BBC (Superdesk fixture): naive times as UTC, category codes kept as given."""
    data = (corpus / NINJS / "superdesk-fixtures/bbc-ninjs-text-test.json").read_bytes()
    item = one(data)
    assert (item.guid, item.headline) == ("https://www.example.com//12345", "advisory")
    assert item.body_html == "<p><strong>body</strong></p>"
    assert item.subjects == ["category:planning-permission"]
    assert item.first_created == datetime(2018, 5, 28, 16, 40, 8, tzinfo=UTC)


def test_corpus_items_validate_against_the_official_schema(corpus):
    """ninjs 3.0 text examples validate against IPTC's schema (if jsonschema is)."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        (corpus / "wire-samples/schemas/ninjs/ninjs-schema_3.0.json").read_text()
    )
    for name in ("dpa_text.json", "ntb_text.json", "ninjsExSimpleText_3.json"):
        instance = json.loads((corpus / NINJS / "iptc-ninjs-3.0" / name).read_text())
        jsonschema.validate(instance, schema)
        one(json.dumps(instance).encode())
