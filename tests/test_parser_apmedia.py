"""AP Media API JSON parsing and detection, on hand-written responses and the corpus.

Corpus files are read at test time; the expected values below are short strings
read by hand from each file.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers.apmedia import parse, sniff
from wiredesk.ingest.parsers.base import Head
from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.wire import ParseError, Signal

AP = "wire-samples/ap-media-api-json/superdesk-fixtures"

# Every corpus file: the guids of its text items, or the reason it is skipped.
CORPUS_FILES = {
    "ap_media_feed.json": "picture item, not text",
    "ap_media_item.json": "picture item, not text",
    "ap_media_text_feed.json": ["5ee9b4b40ea5fe9c9ca60f890fb2e1d9"],
    "ap_media_text_item.json": ["5ee9b4b40ea5fe9c9ca60f890fb2e1d9"],
}

TEXT_ITEM = {
    "uri": "https://api.ap.org/media/v/content/abc123?qt=x",
    "altids": {"itemid": "abc123", "etag": "abc123_1a"},
    "version": 2,
    "type": "text",
    "urgency": 3,
    "language": "en",
    "versioncreated": "2025-06-10T08:30:00Z",
    "firstcreated": "2025-06-10T06:00:00Z",
    "embargoed": "2025-06-10T12:00:00Z",
    "pubstatus": "usable",
    "headline": "Floods hit coastal towns",
    "headline_extended": "Three days of rain flood coastal towns in Ghana.",
    "slugline": "AF-Ghana-Floods",
    "bylines": [{"by": "By KOFI MENSAH", "title": "Associated Press"}],
    "located": "ACCRA, Ghana",
    "datelinelocation": {"city": "Accra", "countryname": "Ghana"},
    "copyrightnotice": "Copyright 2025 The Associated Press.",
    "keywords": ["Ghana floods"],
    "provider": "AP",
    "subject": [
        {"rels": ["category"], "code": "i", "name": "International News"},
        {"scheme": "http://cv.ap.org/id/", "code": "f1e2", "name": "Floods"},
    ],
    "place": [{"name": "Ghana", "scheme": "http://cv.ap.org/id/", "code": "9a"}],
    "associations": {
        "1": {
            "uri": "https://api.ap.org/media/v/content/pic1",
            "altids": {"itemid": "pic1"},
            "type": "picture",
            "headline": "Flooded road",
        },
        "2": {
            "altids": {"itemid": "pic2"},
            "type": "picture",
            "headline": "Rescue boat",
            "description_creditline": "A. Photographer/AP",
            "renditions": {
                "main": {"href": "https://ap.example/pic2.jpg", "width": 4000},
                "preview": {"href": "https://ap.example/pic2p.jpg", "width": 512},
            },
        },
    },
    "renditions": {
        "nitf": {"rel": "Story", "href": "https://api.ap.org/...nitf", "type": "text"}
    },
}


def response(item: dict | None = None, *, items: list | None = None) -> bytes:
    """A content.GET (one item) or feed.GET (items) response around the items."""
    if items is not None:
        data = {"next_page": "https://api.ap.org/next", "items": items}
    else:
        data = {"item": item}
    return json.dumps({"api_version": "1.1", "data": data}).encode()


def test_text_item_maps_every_field():
    """A text item fills guid, version, headline, summary, byline, codes and dates."""
    [item] = parse(response(TEXT_ITEM)).items
    assert item.guid == "abc123"
    assert item.version == "2"
    assert item.headline == "Floods hit coastal towns"
    assert item.summary == "Three days of rain flood coastal towns in Ghana."
    assert item.body_text == item.summary and item.body_html == ""
    assert item.byline == "By KOFI MENSAH"
    assert item.dateline == "ACCRA, Ghana"
    assert (item.language, item.urgency, item.slug) == ("en", 3, "AF-Ghana-Floods")
    assert item.first_created == datetime(2025, 6, 10, 6, 0, tzinfo=UTC)
    assert item.published == item.updated == datetime(2025, 6, 10, 8, 30, tzinfo=UTC)
    assert item.embargoed_until == datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
    assert item.subjects == ["apcategory:i", "http://cv.ap.org/id/f1e2"]
    assert item.keywords == ["Ghana floods", "International News", "Floods"]
    assert item.places == ["Ghana"]
    assert (item.provider, item.copyright) == (
        "AP",
        "Copyright 2025 The Associated Press.",
    )
    assert item.signal == Signal.NEW
    [media] = item.media
    assert media.url == "https://ap.example/pic2p.jpg"
    assert (media.caption, media.credit) == ("Rescue boat", "A. Photographer/AP")
    assert item.related == ["pic1"]


def test_description_summary_is_preferred_to_the_extended_headline():
    """description_summary, when AP sends it, is the summary."""
    [item] = parse(response(dict(TEXT_ITEM, description_summary="Short."))).items
    assert item.summary == "Short."


def test_dateline_falls_back_to_datelinelocation():
    """Without "located", the dateline is built from the structured place."""
    fields = {k: v for k, v in TEXT_ITEM.items() if k != "located"}
    [item] = parse(response(fields)).items
    assert item.dateline == "Accra, Ghana"


def test_text_item_without_summary_keeps_headline_and_empty_body():
    """The story text needs a second fetch: with no summary the body stays empty."""
    [item] = parse(
        response({"altids": {"itemid": "x"}, "type": "text", "headline": "Bulletin"})
    ).items
    assert (item.headline, item.body_text, item.body_html) == ("Bulletin", "", "")
    assert item.published is None


@pytest.mark.parametrize(
    ("fields", "signal"),
    [
        ({"pubstatus": "canceled"}, Signal.KILL),
        ({"pubstatus": "withheld"}, Signal.KILL),
        ({"editorialtypes": ["Kill"]}, Signal.KILL),
        ({"editorialtypes": ["Elimination"]}, Signal.KILL),
        ({"editorialtypes": ["Correction"]}, Signal.CORRECTION),
        ({"editorialtypes": ["Advisory"]}, Signal.NEW),
    ],
)
def test_kills_and_corrections_are_signalled(fields, signal):
    """pubstatus withheld/canceled and AP kill/correction editorial types signal."""
    [item] = parse(response(dict(TEXT_ITEM, **fields))).items
    assert item.signal == signal


def test_feed_page_parses_text_and_skips_other_media():
    """A feed page gives its text items; pictures, video and empty entries skip."""
    items = [
        {"meta": {}, "item": TEXT_ITEM},
        {"item": {"altids": {"itemid": "v1"}, "type": "video", "headline": "Clip"}},
        {"item": {"altids": {"itemid": "c1"}, "type": "composite", "headline": "Pkg"}},
        {"meta": {}},
        {"item": {"type": "text", "headline": "No id"}},
    ]
    feed = parse(response(items=items))
    assert feed.format == "apmedia"
    assert [i.guid for i in feed.items] == ["abc123"]
    assert feed.skipped == [
        ("v1", "video item, not text"),
        ("c1", "composite item, not text"),
        ("item 4", "feed entry without an item"),
        ("item 5", "no altids.itemid or uri"),
    ]


def test_empty_feed_page_is_an_empty_feed():
    """A feed page with no items is valid and yields nothing."""
    feed = parse(response(items=[]))
    assert feed.items == [] and feed.skipped == []


def test_utf8_bom_and_non_ascii_text_decode():
    """A UTF-8 BOM is accepted and non-ASCII text comes out as Unicode."""
    data = b"\xef\xbb\xbf" + json.dumps(
        {"api_version": "1.1", "data": {"item": dict(TEXT_ITEM, headline="São Tomé")}},
        ensure_ascii=False,
    ).encode("utf-8")
    assert parse(data).items[0].headline == "São Tomé"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[]", "no api_version"),
        (b'{"uri": "u", "headline": "ninjs"}', "no api_version"),
        (b'{"api_version": "1.1"}', "no data object"),
        (
            b'{"api_version": "2", "error": {"code": 401, "message": "Bad API key"}}',
            "error response: Bad API key",
        ),
        (b'{"api_version": "1.1", "data": {"query": "x"}}', "neither items nor item"),
    ],
)
def test_documents_that_are_not_ap_media_raise_parse_error(data, message):
    """Malformed JSON, other JSON and AP error responses raise a ParseError."""
    with pytest.raises(ParseError, match=message):
        parse(data)


@pytest.mark.parametrize(
    ("data", "score"),
    [
        (response(TEXT_ITEM), 90),
        (response(items=[]), 90),
        (b'{"api_version": "1.1", "data": {"account": "x"}}', 50),
        (b'{"uri": "u", "type": "text", "headline": "h"}', 0),
        (b'{"version": "https://jsonfeed.org/version/1", "items": []}', 0),
        (b"<rss/>", 0),
    ],
)
def test_sniff_scores_api_responses_only(data, score):
    """api_version with data.item(s) is a clear match; ninjs and JSON Feed are not."""
    assert sniff(Head(data)) == score


# -- the shared corpus -----------------------------------------------------------


def test_corpus_folder_holds_exactly_the_files_listed_here(corpus):
    """New corpus files must be added to CORPUS_FILES, so none goes untested."""
    folder = corpus / "wire-samples/ap-media-api-json"
    found = {p.name for p in folder.rglob("*.json")}
    assert found == set(CORPUS_FILES)


@pytest.mark.parametrize(("name", "expected"), CORPUS_FILES.items())
def test_corpus_file_parses_or_is_skipped_with_reason(corpus, name, expected):
    """Text items have guid, headline and UTC times; pictures are skipped with why."""
    feed = parse((corpus / AP / name).read_bytes())
    if isinstance(expected, list):
        assert [i.guid for i in feed.items] == expected and feed.skipped == []
    else:
        assert feed.items == []
        assert feed.skipped == [("95e8bd71fed448cda1a0be35d8ddbd2f", expected)]
    for item in feed.items:
        assert item.guid and item.headline
        for moment in (item.first_created, item.published, item.updated):
            assert moment is not None and moment.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_is_detected_as_apmedia(corpus, name):
    """Every AP Media API corpus file is told from its bytes to be apmedia."""
    assert detect_format((corpus / AP / name).read_bytes()) == "apmedia"


def test_corpus_text_item(corpus):
    """The single text item: ids, version, urgency, slug, AP codes and places."""
    [item] = parse((corpus / AP / "ap_media_text_item.json").read_bytes()).items
    assert item.headline == "BC-BBN--Top Ten"
    assert (item.version, item.urgency, item.language) == ("0", 4, "en")
    assert item.slug == "BC-BBN--Top Ten"
    assert (
        item.first_created == item.updated == datetime(2019, 7, 3, 4, 5, 12, tzinfo=UTC)
    )
    assert item.subjects[:2] == [
        "apcategory:s",
        "http://cv.ap.org/id/94aaa8f88c0c100489d7b9433d2f4c0e",
    ]
    assert "MLB baseball" in item.keywords and "s" not in item.keywords
    assert item.places[:3] == ["San Diego", "California", "United States"]
    assert (item.provider, item.body_text) == ("AP", "")
    assert item.copyright.startswith("Copyright 2019 The Associated Press.")


def test_corpus_text_feed_page(corpus):
    """The text feed page: its one item, with AP as provider and no body yet."""
    [item] = parse((corpus / AP / "ap_media_text_feed.json").read_bytes()).items
    assert item.headline == "BC-BBN--Top Ten"
    assert item.version == "0"
    assert item.provider == "AP"
    assert item.copyright == "Copyright 2019 The Associated Press."
    assert item.body_html == item.body_text == ""


def test_corpus_picture_feed_page_is_skipped(corpus):
    """The picture feed page holds no text: its item is skipped as a picture."""
    feed = parse((corpus / AP / "ap_media_feed.json").read_bytes())
    assert feed.items == []
    assert feed.skipped == [
        ("95e8bd71fed448cda1a0be35d8ddbd2f", "picture item, not text")
    ]
