"""JSON Feed 1.0/1.1 parsing and detection, on the corpus and hand-written feeds.

Corpus files are read at test time; the short expected values were read by hand.
"""

from __future__ import annotations

import codecs
import json
from datetime import UTC, datetime, timedelta

import pytest

from wiredesk.ingest.parsers.base import Head
from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.parsers.jsonfeed import parse, sniff
from wiredesk.ingest.wire import MediaRef, ParseError

FOLDER = "wire-samples/jsonfeed/rsparser-resources"
CORPUS_FILES = [
    "3960.json",
    "DaringFireball.json",
    "allthis.json",
    "authors.json",
    "jsonfeed-extension.json",
    "pxlnv.json",
]


def _feed(items: list[object], **top: object) -> bytes:
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "T"}
    document.update(top)
    document["items"] = items
    return json.dumps(document).encode()


def _read(corpus, name: str) -> bytes:
    return (corpus / FOLDER / name).read_bytes()


# -- the corpus -------------------------------------------------------------------


def test_every_corpus_file_is_listed(corpus):
    """The parametrised list covers the whole jsonfeed folder."""
    assert sorted(p.name for p in (corpus / FOLDER).iterdir()) == sorted(CORPUS_FILES)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_parses_with_keys_headlines_and_utc_dates(corpus, name):
    """Every item has a guid, a headline and aware UTC dates; skips say why."""
    feed = parse(_read(corpus, name))
    assert feed.format == "jsonfeed"
    assert feed.items or feed.skipped
    for item in feed.items:
        assert item.guid and item.headline
        for when in (item.first_created, item.published, item.updated):
            assert when is not None and when.utcoffset() == timedelta(0), item.guid
    for key, reason in feed.skipped:
        assert key and reason


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_is_detected_as_jsonfeed(corpus, name):
    """detect_format names jsonfeed for every corpus JSON Feed."""
    assert detect_format(_read(corpus, name)) == "jsonfeed"


def test_corpus_3960_version_11_fields(corpus):
    """3960.json (1.1): dates with offsets, authors, language, tags, image."""
    feed = parse(_read(corpus, "3960.json"))
    assert len(feed.items) == 20
    item = feed.items[0]
    assert item.guid == "user/posts/2020-02-21-lecker-lecker/index.md"
    assert item.headline == "Lecker, lecker"
    assert item.url == "https://journal.3960.org/posts/2020-02-21-lecker-lecker/"
    assert item.published == datetime(2020, 2, 21, 17, 8, 6, tzinfo=UTC)
    assert item.updated == item.published
    assert item.byline == "Frank Boës"
    assert item.language == "de-DE"
    assert item.keywords == ["Lustiges"]
    assert item.media == [MediaRef(url="https://cdn.3960.org/favicon-192x192.png")]
    assert item.summary.startswith("Da ist es zwar nicht ganz billig")
    assert item.body_html.startswith("<blockquote>")
    second = feed.items[1]
    assert second.updated == datetime(2020, 2, 11, 7, 51, 21, tzinfo=UTC)


def test_corpus_daring_fireball_version_1_fields(corpus):
    """DaringFireball.json (1.0): single author object, url over external_url."""
    feed = parse(_read(corpus, "DaringFireball.json"))
    assert feed.title == "Daring Fireball"
    assert len(feed.items) == 48
    item = feed.items[0]
    assert item.guid == "https://daringfireball.net/linked/2017/06/26/the-talk-show-195"
    assert item.url == item.guid
    assert item.headline == "The Talk Show: ‘I Do Like Throwing a Baby’"
    assert item.byline == "John Gruber"
    assert item.published == datetime(2017, 6, 27, 0, 54, 17, tzinfo=UTC)
    assert item.updated == datetime(2017, 6, 27, 0, 54, 20, tzinfo=UTC)
    assert item.summary == ""


def test_corpus_pxlnv_http_version_url(corpus):
    """pxlnv.json declares http://jsonfeed.org/version/1 and still parses."""
    feed = parse(_read(corpus, "pxlnv.json"))
    item = feed.items[0]
    assert item.guid == "https://pxlnv.com/linklog/uber-losses-2017/"
    assert item.headline == "Uber Lost $4.5 Billion in 2017"
    assert item.byline == "Nick Heer"
    assert item.updated == datetime(2018, 2, 13, 23, 51, 35, tzinfo=UTC)


def test_corpus_allthis_summary_and_author(corpus):
    """allthis.json: the item summary and the 1.0 author come through."""
    item = parse(_read(corpus, "allthis.json")).items[0]
    assert item.headline == "Last thoughts on modifier keys"
    assert item.summary == "The first shall be last."
    assert item.byline == "Dr. Drang"
    assert item.published == datetime(2017, 11, 23, 21, 8, 29, tzinfo=UTC)


def test_corpus_extension_feed_untitled_items_and_zip_attachments(corpus):
    """Untitled items are headed by their text; non-image attachments aren't media."""
    feed = parse(_read(corpus, "jsonfeed-extension.json"))
    assert [(i.guid, i.headline) for i in feed.items] == [
        ("2", "Second item."),
        ("1", "First item."),
        ("0", "Third item. Without an extension."),
    ]
    assert feed.items[0].published == datetime(2021, 3, 5, 11, 4, 4, tzinfo=UTC)
    assert all(i.media == [] for i in feed.items)


def test_corpus_authors_feed_items_without_text_are_skipped(corpus):
    """authors.json's items carry no title and empty content: skipped, with why."""
    feed = parse(_read(corpus, "authors.json"))
    assert feed.items == []
    assert feed.skipped == [
        ("Item without authors", "no title or text"),
        ("Item with legacy author", "no title or text"),
        ("Item with modern authors", "no title or text"),
        ("Item with both", "no title or text"),
    ]


# -- hand-written feeds ---------------------------------------------------------------


def test_authors_11_win_over_author_10_and_feed_authors_are_inherited():
    """Item "authors" (1.1) beat "author" (1.0); items without either have the
    feed's."""
    feed = parse(
        _feed(
            [
                {"id": "a", "title": "A", "author": {"name": "Old"}},
                {
                    "id": "b",
                    "title": "B",
                    "author": {"name": "Old"},
                    "authors": [{"name": "New 1"}, {"name": "New 2"}, {"url": "x"}],
                },
                {"id": "c", "title": "C"},
            ],
            authors=[{"name": "Feed Desk"}],
        )
    )
    assert [i.byline for i in feed.items] == ["Old", "New 1, New 2", "Feed Desk"]


def test_content_text_summary_language_and_image_attachments():
    """content_text is body_text; image attachments are media with captions."""
    (item,) = parse(
        _feed(
            [
                {
                    "id": 42,
                    "title": "Floods",
                    "content_text": "One.\n\nTwo.",
                    "summary": "Short.",
                    "language": "pt-BR",
                    "tags": ["Weather", "", 7],
                    "image": "https://x.example/main.jpg",
                    "attachments": [
                        {
                            "url": "https://x.example/a.png",
                            "mime_type": "image/png",
                            "title": "Map of the area",
                        },
                        {"url": "https://x.example/p.mp3", "mime_type": "audio/mpeg"},
                    ],
                    "external_url": "https://elsewhere.example/",
                    "date_published": "2025-06-10T08:30:00+02:00",
                }
            ],
            language="en",
        )
    ).items
    assert item.guid == "42"
    assert (item.body_html, item.body_text) == ("", "One.\n\nTwo.")
    assert item.summary == "Short."
    assert item.language == "pt-BR"
    assert item.keywords == ["Weather"]
    assert item.url == "https://elsewhere.example/"
    assert item.media == [
        MediaRef(url="https://x.example/main.jpg"),
        MediaRef(url="https://x.example/a.png", caption="Map of the area"),
    ]
    assert item.published == datetime(2025, 6, 10, 6, 30, tzinfo=UTC)
    assert item.updated == item.published == item.first_created


def test_feed_language_and_html_over_text():
    """Without an item language the feed's applies; content_html beats text."""
    (item,) = parse(
        _feed(
            [{"id": "h", "content_html": "<p>Hi</p>", "content_text": "Hi"}],
            language="fr",
        )
    ).items
    assert (item.body_html, item.body_text, item.language) == ("<p>Hi</p>", "", "fr")
    assert item.headline == "Hi"


def test_items_without_id_are_skipped_with_reason():
    """An item with no id (or not an object) is skipped and says why."""
    feed = parse(_feed([{"title": "No id"}, {"id": "", "title": "Blank"}, "x"]))
    assert feed.items == []
    assert feed.skipped == [
        ("item 1", "no id"),
        ("item 2", "no id"),
        ("item 3", "not a JSON object"),
    ]


def test_dates_without_zone_are_utc_and_junk_dates_are_none():
    """A naive date_published is read as UTC; an unreadable one gives None."""
    first, second = parse(
        _feed(
            [
                {"id": "1", "title": "A", "date_published": "2025-06-10T08:30:00"},
                {"id": "2", "title": "B", "date_modified": "yesterday"},
            ]
        )
    ).items
    assert first.published == datetime(2025, 6, 10, 8, 30, tzinfo=UTC)
    assert second.published is None and second.updated is None


def test_byte_order_mark_is_accepted():
    """A UTF-8 BOM before the JSON is not an error."""
    data = codecs.BOM_UTF8 + _feed([{"id": "é", "title": "Café"}])
    assert parse(data).items[0].headline == "Café"
    assert detect_format(data) == "jsonfeed"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b'{"version": "https://jsonfeed.org/version/1"', "invalid JSON"),
        pytest.param(b"\xff\xfe\x00garbage", "invalid JSON"),
        pytest.param(b'{"title": "x", "items": []}', "no version"),
        pytest.param(b'{"version": "https://example.com/v1", "items": []}', "version"),
        pytest.param(b"[1, 2]", "no version"),
        pytest.param(
            b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}',
            "no items list",
        ),
    ],
)
def test_malformed_documents_raise_parse_error(data, message):
    """Bytes that are no JSON Feed raise ParseError saying what is wrong."""
    with pytest.raises(ParseError, match=message):
        parse(data)


@pytest.mark.parametrize(
    ("data", "score"),
    [
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', 90),
        (b'{"version": "http://jsonfeed.org/version/1", "items": []}', 90),
        (b'{"items": [], "title": "x"}', 0),
        (b'{"version": "1.0", "headline": "ninjs"}', 0),
        (b'<rss version="2.0"/>', 0),
    ],
)
def test_sniff_claims_only_documents_with_a_json_feed_version(data, score):
    """Only the jsonfeed.org version URL makes a document a JSON Feed."""
    assert sniff(Head(data)) == score
