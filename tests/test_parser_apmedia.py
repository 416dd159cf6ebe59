"""AP Media API JSON parsing and detection, on hand-written responses and the corpus.

Corpus files are read at test time; the expected values below are short strings
read by hand from each file.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers.apmedia import (
    body_from_nitf,
    next_page,
    nitf_renditions,
    parse,
    sniff,
    with_api_key,
)
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


# -- next pages and NITF renditions: pure helpers --------------------------------------


def test_next_page_is_read_and_resolved():
    """data.next_page comes back absolute; none, or a non-web link, is ""."""
    page = response(items=[])
    assert next_page(page) == "https://api.ap.org/next"
    relative = json.dumps({"api_version": "1.1", "data": {"next_page": "/feed?p=2"}})
    assert next_page(relative.encode(), "https://api.ap.org/feed") == (
        "https://api.ap.org/feed?p=2"
    )
    assert next_page(response(TEXT_ITEM)) == ""
    odd = json.dumps({"api_version": "1.1", "data": {"next_page": "file:///etc/x"}})
    assert next_page(odd.encode()) == ""
    assert next_page(b"not json") == ""


def test_nitf_renditions_lists_text_items_without_their_story():
    """Text items with an NITF href and no body in the JSON; pictures never."""
    picture = {"altids": {"itemid": "p1"}, "type": "picture",
               "renditions": {"nitf": {"href": "https://x/p1"}}}  # fmt: skip
    with_body = dict(TEXT_ITEM, altids={"itemid": "b1"}, body_nitf="<p>Text</p>")
    page = response(items=[{"item": TEXT_ITEM}, {"item": picture}, {"item": with_body}])
    assert nitf_renditions(page) == {"abc123": "https://api.ap.org/...nitf"}
    assert nitf_renditions(response(TEXT_ITEM)) == {
        "abc123": "https://api.ap.org/...nitf"
    }


NITF_STORY = b"""<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><title>Floods hit coastal towns</title>
<docdata><doc-id id-string="abc123"/></docdata></head>
<body><body.head><hedline><hl1>Floods hit coastal towns</hl1></hedline></body.head>
<body.content><p>Rivers burst their banks in three coastal districts on Monday.</p>
<p>Rescue teams moved families to schools on higher ground.</p></body.content>
</body></nitf>"""


def test_body_from_nitf_uses_the_nitf_parser():
    """The rendition's paragraphs become the body; a bodiless one is refused."""
    html, _text = body_from_nitf(NITF_STORY)
    assert "<p>Rivers burst their banks" in html and "higher ground" in html
    empty = NITF_STORY.split(b"<body.content>")[0] + b"</body></nitf>"
    with pytest.raises(ParseError, match="NITF rendition"):
        body_from_nitf(empty)
    with pytest.raises(ParseError):
        body_from_nitf(b"<rss/>")


def test_api_key_is_carried_to_the_same_host_only():
    """AP links lacking the key get the source's; other hosts never see it."""
    source = "https://api.ap.org/media/v/content/feed?apikey=K1&q=x"
    assert with_api_key(source, "https://api.ap.org/feed?seq=2") == (
        "https://api.ap.org/feed?seq=2&apikey=K1"
    )
    assert with_api_key(source, "https://api.ap.org/f?apikey=K2") == (
        "https://api.ap.org/f?apikey=K2"
    )
    assert with_api_key(source, "https://other.example/f") == "https://other.example/f"
    assert with_api_key("https://api.ap.org/feed", "https://api.ap.org/x") == (
        "https://api.ap.org/x"
    )


# -- polling an AP source over HTTP (local server) -------------------------------------


@pytest.fixture
def ap_source(local_server, db):
    """An HTTP source on the local server."""
    from wiredesk.ingest.models import Source

    return Source.objects.create(
        name="AP test",
        slug="ap-test",
        agency="Associated Press",
        url=local_server.url("/feed?apikey=K1"),
        allow_private=True,
        format="apmedia",
    )


def ap_item(guid: str, *, version: int = 1, nitf: str = "") -> dict:
    """A text item as AP's feed lists it; ``nitf``: the path of its rendition."""
    item = {
        "altids": {"itemid": guid},
        "version": version,
        "type": "text",
        "headline": f"Story {guid} headline",
        "headline_extended": f"Summary of story {guid}.",
        "versioncreated": "2026-02-05T08:30:00Z",
    }
    if nitf:
        item["renditions"] = {"nitf": {"href": nitf, "type": "text"}}
    return item


def ap_page(items: list[dict], next_url: str = "") -> bytes:
    data: dict = {"items": [{"item": i} for i in items]}
    if next_url:
        data["next_page"] = next_url
    return json.dumps({"api_version": "1.1", "data": data}).encode()


def paths(server) -> list[str]:
    return [path for path, _ in server.requests]


@pytest.mark.django_db
def test_next_pages_are_followed_up_to_the_bound_then_resumed(
    local_server, ap_source, monkeypatch
):
    """Three pages a poll; the next poll continues where the last one stopped."""
    from tests.localserver import Reply
    from wiredesk.ingest import pipeline
    from wiredesk.ingest.models import FetchRun, Source, WireItem

    monkeypatch.setattr(pipeline, "MAX_PAGES_PER_POLL", 3)
    local_server.routes["/feed?apikey=K1"] = Reply(
        200, ap_page([ap_item("p1")], local_server.url("/feed?seq=2"))
    )
    for n in range(2, 8):
        local_server.routes[f"/feed?seq={n}&apikey=K1"] = Reply(
            200, ap_page([ap_item(f"p{n}")], local_server.url(f"/feed?seq={n + 1}"))
        )
    run = pipeline.fetch_source(ap_source)
    assert run.outcome == FetchRun.Outcome.OK and run.items_new == 3
    assert paths(local_server) == [
        "/feed?apikey=K1", "/feed?seq=2&apikey=K1", "/feed?seq=3&apikey=K1"
    ]  # fmt: skip
    ap_source = Source.objects.get(pk=ap_source.pk)  # as another worker sees it
    assert pipeline.resume_url(ap_source) == local_server.url("/feed?seq=4&apikey=K1")
    local_server.requests.clear()
    run = pipeline.fetch_source(ap_source)
    assert run.items_new == 3
    assert paths(local_server)[0] == "/feed?seq=4&apikey=K1"
    assert sorted(WireItem.objects.values_list("guid", flat=True)) == [
        f"p{n}" for n in range(1, 7)
    ]


@pytest.mark.django_db
def test_an_empty_page_ends_the_poll_and_a_last_page_starts_over(
    local_server, ap_source
):
    """Caught up (no items): wait there. No next_page: start at the source URL."""
    from tests.localserver import Reply
    from wiredesk.ingest import pipeline

    local_server.routes["/feed?apikey=K1"] = Reply(
        200, ap_page([ap_item("a1")], local_server.url("/feed?seq=2"))
    )
    local_server.routes["/feed?seq=2&apikey=K1"] = Reply(
        200, ap_page([], local_server.url("/feed?seq=3"))
    )
    pipeline.fetch_source(ap_source)
    assert len(local_server.requests) == 2  # seq=3 is not asked for yet
    assert pipeline.resume_url(ap_source) == local_server.url("/feed?seq=3&apikey=K1")
    local_server.routes["/feed?seq=3&apikey=K1"] = Reply(200, ap_page([ap_item("a2")]))
    local_server.requests.clear()
    run = pipeline.fetch_source(ap_source)
    assert run.items_new == 1 and paths(local_server) == ["/feed?seq=3&apikey=K1"]
    assert pipeline.resume_url(ap_source) == ""


@pytest.mark.django_db
def test_nitf_rendition_is_fetched_and_fills_the_body(local_server, ap_source):
    """The story text comes from the rendition; a second poll fetches nothing more."""
    from tests.localserver import Reply
    from wiredesk.ingest import pipeline
    from wiredesk.ingest.models import WireItem

    local_server.routes["/feed?apikey=K1"] = Reply(
        200, ap_page([ap_item("abc123", nitf="/nitf/abc123")])
    )
    local_server.routes["/nitf/abc123?apikey=K1"] = Reply(
        200, NITF_STORY, {"Content-Type": "text/xml"}
    )
    run = pipeline.fetch_source(ap_source)
    assert run.items_new == 1 and not run.error
    item = WireItem.objects.get(guid="abc123")
    assert "Rivers burst their banks" in item.body_text
    assert item.summary == "Summary of story abc123."
    local_server.requests.clear()
    run = pipeline.fetch_source(ap_source)
    assert run.items_unchanged == 1 and run.items_updated == 0
    assert paths(local_server) == ["/feed?apikey=K1"]


@pytest.mark.django_db
def test_a_failing_rendition_is_an_error_of_its_item_only(local_server, ap_source):
    """One rendition fails: that item is stored with its summary and the error
    named; the other is complete. When AP sends it again it is completed."""
    from tests.localserver import Reply
    from wiredesk.ingest import pipeline
    from wiredesk.ingest.models import FetchRun, WireItem

    local_server.routes["/feed?apikey=K1"] = Reply(
        200,
        ap_page(
            [ap_item("bad1", nitf="/nitf/bad1"), ap_item("abc123", nitf="/nitf/ok")]
        ),
    )
    local_server.routes["/nitf/bad1?apikey=K1"] = Reply(500, b"rendition store down")
    local_server.routes["/nitf/ok?apikey=K1"] = Reply(200, NITF_STORY)
    run = pipeline.fetch_source(ap_source)
    assert run.outcome == FetchRun.Outcome.OK and run.items_new == 2
    assert "bad1: NITF rendition" in run.error and "HTTP 500" in run.error
    assert "abc123" not in run.error
    assert "Rivers burst" in WireItem.objects.get(guid="abc123").body_text
    assert WireItem.objects.get(guid="bad1").body_text == "Summary of story bad1."
    ap_source.refresh_from_db()
    assert ap_source.consecutive_failures == 0
    local_server.routes["/nitf/bad1?apikey=K1"] = Reply(200, NITF_STORY)
    run = pipeline.fetch_source(ap_source)
    assert run.items_updated == 1 and run.items_unchanged == 1 and not run.error
    latest = WireItem.objects.filter(guid="bad1").order_by("-version").first()
    assert latest.version == 2 and "Rivers burst" in latest.body_text


@pytest.mark.django_db
def test_renditions_are_not_fetched_for_files(tmp_path):
    """`wiredesk ingest FILE` never reaches out: the AP summary stands as body."""
    from wiredesk.ingest.batch import resolve_source
    from wiredesk.ingest.pipeline import ingest_file

    path = tmp_path / "ap.json"
    path.write_bytes(ap_page([ap_item("f1", nitf="http://127.0.0.1:9/nitf/f1")]))
    report = ingest_file(resolve_source(None), path)
    assert report.counts["new"] == 1 and not report.errors


@pytest.mark.django_db
def test_a_dead_remembered_page_is_dropped_after_three_failed_polls(
    local_server, ap_source
):
    """A next_page that keeps failing does not hold the source: after three failed
    polls the next one starts again at the source URL, duplicating nothing."""
    from tests.localserver import Reply
    from wiredesk.ingest import pipeline
    from wiredesk.ingest.models import FetchRun, WireItem

    local_server.routes["/feed?apikey=K1"] = Reply(
        200, ap_page([ap_item("d1")], local_server.url("/feed?seq=2"))
    )
    outcomes = [pipeline.fetch_source(ap_source).outcome for _ in range(3)]
    assert outcomes == [FetchRun.Outcome.ERROR] * 3  # seq=2 answers 404
    assert pipeline.resume_url(ap_source) == ""
    local_server.routes["/feed?seq=2&apikey=K1"] = Reply(200, ap_page([]))
    local_server.requests.clear()
    run = pipeline.fetch_source(ap_source)
    assert run.outcome == FetchRun.Outcome.OK and run.items_unchanged == 1
    assert paths(local_server)[0] == "/feed?apikey=K1"
    assert WireItem.objects.filter(guid="d1").count() == 1
