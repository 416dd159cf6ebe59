"""RSS/Atom parsing and format detection, on tiny hand-written feeds and the corpus.

Corpus files are read at test time (nothing of them is copied here); the expected
guids and titles come from an independent reading of each file with ElementTree.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.parsers.feed import parse
from wiredesk.ingest.wire import ParseError

RSS_20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Meridian test wire</title>
  <link>https://wire.example/</link>
  <language>en-gb</language>
  <item>
    <guid isPermaLink="false">urn:test:0001</guid>
    <title>Floods hit coastal towns</title>
    <link>https://wire.example/0001</link>
    <pubDate>Tue, 10 Jun 2025 08:30:00 +0200</pubDate>
    <author>desk@wire.example (Test Desk)</author>
    <category>Weather</category>
    <category>Disasters</category>
    <description>&lt;p&gt;Rain fell for three days.&lt;/p&gt;</description>
    <enclosure url="https://wire.example/0001.jpg" type="image/jpeg" length="1"/>
  </item>
  <item>
    <title>Item with a link but no guid</title>
    <link>https://wire.example/0002</link>
    <pubDate>Tue, 10 Jun 2025 09:00:00 GMT</pubDate>
    <description>Plain text body.</description>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Northwind test wire</title>
  <id>urn:test:feed</id>
  <updated>2025-06-10T09:00:00Z</updated>
  <entry>
    <id>urn:test:atom:1</id>
    <title>Bank backs rural water drive</title>
    <link rel="alternate" href="https://wire.example/a1"/>
    <published>2025-06-10T07:00:00Z</published>
    <updated>2025-06-10T08:30:00+02:00</updated>
    <author><name>Test Reporter</name></author>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;Full &lt;b&gt;body&lt;/b&gt;.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>urn:test:atom:2</id>
    <title>Only updated, never published</title>
    <updated>2025-06-10T05:15:00-03:00</updated>
    <content type="text">Text body.</content>
  </entry>
</feed>
"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://wire.example/">
    <title>RSS 1.0 wire</title>
    <link>https://wire.example/</link>
    <description>test</description>
  </channel>
  <item rdf:about="https://wire.example/r1">
    <title>Harvest forecast raised</title>
    <link>https://wire.example/r1</link>
    <dc:date>2025-06-10T06:00:00Z</dc:date>
  </item>
</rdf:RDF>
"""

# The corpus feeds, with the format their *bytes* say (two are misnamed on purpose
# by their authors: DaringFireball.rss is Atom, allthis.atom is RSS).
CORPUS_FEEDS = [
    ("rss/rsparser-resources/DaringFireball.rss", "atom"),
    ("rss/rsparser-resources/EMarley.rss", "rss"),
    ("rss/rsparser-resources/bio.rdf", "rss"),
    ("rss/rsparser-resources/kc0011.rss", "rss"),
    ("rss/rsparser-resources/macworld.rss", "rss"),
    ("rss/rsparser-resources/manton.rss", "rss"),
    ("rss/rsparser-resources/scriptingNews.rss", "rss"),
    ("rss/superdesk-fixtures/wordpress_wxr.xml", "rss"),
    ("atom/rsparser-resources/4fsodonline.atom", "atom"),
    ("atom/rsparser-resources/DaringFireball.atom", "atom"),
    ("atom/rsparser-resources/allthis.atom", "rss"),
    ("atom/superdesk-fixtures/wenn.xml", "atom"),
]
CORPUS_PATHS = [relpath for relpath, _ in CORPUS_FEEDS]
KC0011 = "rss/rsparser-resources/kc0011.rss"

_ATOM_NS = "{http://www.w3.org/2005/Atom}"
_RSS1_NS = "{http://purl.org/rss/1.0/}"
_RDF_NS = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def _is_utc(value: datetime | None) -> bool:
    return value is not None and value.utcoffset() == timedelta(0)


def _read_independently(data: bytes) -> ET.Element:
    """ElementTree on text decoded by the declared charset (expat lacks GB2312)."""
    declared = re.match(rb'<\?xml[^>]*encoding="([^"]+)"', data)
    encoding = declared.group(1).decode().lower() if declared else "utf-8"
    if encoding in {"gb2312", "gbk"}:
        encoding = "gb18030"  # the superset Python decodes GB2312 bytes with
    text = re.sub(r"^<\?xml[^>]*\?>", "", data.decode(encoding))
    return ET.fromstring(text)


def _expected_items(root: ET.Element) -> list[tuple[str, str]]:
    """(guid, title) of every item, read the way each format defines them."""
    if root.tag == "rss":
        return [
            (
                (item.findtext("guid") or item.findtext("link") or "").strip(),
                item.findtext("title") or "",
            )
            for item in root.iter("item")
        ]
    if root.tag == f"{_ATOM_NS}feed":
        return [
            (
                (entry.findtext(f"{_ATOM_NS}id") or "").strip(),
                entry.findtext(f"{_ATOM_NS}title") or "",
            )
            for entry in root.iter(f"{_ATOM_NS}entry")
        ]
    if root.tag == f"{_RDF_NS}RDF":
        return [
            (item.get(f"{_RDF_NS}about") or "", item.findtext(f"{_RSS1_NS}title") or "")
            for item in root.iter(f"{_RSS1_NS}item")
        ]
    raise AssertionError(f"unexpected root element {root.tag}")


def _words(text: str) -> str:
    return " ".join(text.split())


# -- hand-written feeds --------------------------------------------------------


def test_rss_items_have_guid_headline_link_and_utc_dates():
    """An RSS 2.0 item yields its guid, title, link and a UTC-aware pubDate."""
    feed = parse(RSS_20)
    assert feed.format == "rss"
    assert feed.title == "Meridian test wire"
    first = feed.items[0]
    assert first.guid == "urn:test:0001"
    assert first.headline == "Floods hit coastal towns"
    assert first.url == "https://wire.example/0001"
    # 08:30 at +02:00 is 06:30 UTC.
    assert first.published == datetime(2025, 6, 10, 6, 30, tzinfo=UTC)
    assert first.published.tzinfo is UTC
    assert first.language == "en-gb"


def test_rss_item_body_categories_and_image_enclosure():
    """Description is the body, categories are keywords, image enclosures media."""
    first = parse(RSS_20).items[0]
    assert first.body_html == "<p>Rain fell for three days.</p>"
    assert first.keywords == ["Weather", "Disasters"]
    assert [m.url for m in first.media] == ["https://wire.example/0001.jpg"]


def test_rss_item_without_guid_falls_back_to_link():
    """An item with no <guid> is keyed by its link."""
    second = parse(RSS_20).items[1]
    assert second.guid == "https://wire.example/0002"
    assert second.published == datetime(2025, 6, 10, 9, 0, tzinfo=UTC)


def test_atom_entries_have_ids_content_and_utc_dates():
    """Atom id, title, html content and author map onto the item; times are UTC."""
    feed = parse(ATOM)
    assert feed.format == "atom"
    assert feed.title == "Northwind test wire"
    first = feed.items[0]
    assert first.guid == "urn:test:atom:1"
    assert first.headline == "Bank backs rural water drive"
    assert first.body_html == "<p>Full <b>body</b>.</p>"
    assert first.summary == "Short summary."
    assert first.byline == "Test Reporter"
    assert first.url == "https://wire.example/a1"
    assert first.published == datetime(2025, 6, 10, 7, 0, tzinfo=UTC)
    assert first.updated == datetime(2025, 6, 10, 6, 30, tzinfo=UTC)


def test_atom_entry_without_published_uses_updated():
    """An entry that only has <updated> is published at that time (in UTC)."""
    second = parse(ATOM).items[1]
    assert second.published == datetime(2025, 6, 10, 8, 15, tzinfo=UTC)
    assert second.updated == second.published


def test_rdf_rss_10_items_are_parsed():
    """RSS 1.0 (RDF) items come through with their about-URL as guid."""
    feed = parse(RDF)
    assert feed.format == "rss"
    assert [(i.guid, i.headline) for i in feed.items] == [
        ("https://wire.example/r1", "Harvest forecast raised")
    ]
    assert feed.items[0].published == datetime(2025, 6, 10, 6, 0, tzinfo=UTC)


def test_item_without_any_key_or_text_is_skipped_with_reason():
    """An item with no id, link, title or text is reported as skipped, not stored."""
    data = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>Kept</title><guid>k1</guid></item>"
        b"<item><category>only a category</category></item>"
        b"</channel></rss>"
    )
    feed = parse(data)
    assert [i.guid for i in feed.items] == ["k1"]
    assert feed.skipped == [("entry 2", "no id, link, title or text")]


def test_slash_dates_are_read_as_written():
    """A pubDate "2020/1/10 14:33:00" is 10 January 14:33 UTC (feedparser#75)."""
    data = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><guid>a</guid><title>A</title>"
        b"<pubDate>2020/1/10 14:33:00</pubDate></item>"
        b"<item><guid>b</guid><title>B</title>"
        b"<pubDate>2019/12/31</pubDate></item>"
        b"</channel></rss>"
    )
    first, second = parse(data).items
    assert first.published == datetime(2020, 1, 10, 14, 33, tzinfo=UTC)
    assert second.published == datetime(2019, 12, 31, tzinfo=UTC)


def test_gb2312_declared_feed_decodes_to_chinese():
    """A feed declared and encoded as GB2312 gives correct Chinese headlines."""
    data = (
        '<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel>'
        "<title>新闻</title><item><guid>g1</guid><title>北京天气晴朗</title></item>"
        "</channel></rss>"
    ).encode("gb2312")
    feed = parse(data)
    assert feed.title == "新闻"
    assert feed.items[0].headline == "北京天气晴朗"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x00\x01\x02\xff\xfe binary junk", id="binary"),
        pytest.param(b"hello, this is not a feed", id="plain-text"),
        pytest.param(b'{"not": "a feed"}', id="json"),
    ],
)
def test_garbage_raises_parse_error_saying_what_was_expected(data):
    """Bytes that are no feed raise ParseError saying it is not RSS or Atom."""
    with pytest.raises(ParseError, match="not a readable RSS or Atom feed"):
        parse(data)


def test_feed_cut_off_inside_an_item_title_invents_no_item():
    """A download cut off mid-title yields no half-headline item, only a skip."""
    feed = parse(b'<rss version="2.0"><channel><item><guid>x</guid><title>Half a')
    assert feed.items == []
    assert feed.skipped == [("entry 1", "no id, link, title or text")]


def test_binary_garbage_error_names_the_xml_problem():
    """The ParseError message carries the XML error (where and what)."""
    with pytest.raises(ParseError, match=r"not a readable RSS or Atom feed: .*token"):
        parse(b"\x00\x01\x02\xff\xfe binary junk")


# -- format detection -----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(RSS_20, "rss", id="rss-2.0"),
        pytest.param(RDF, "rss", id="rdf-rss-1.0"),
        pytest.param(ATOM, "atom", id="atom"),
        pytest.param(
            b'\xef\xbb\xbf \r\n<?xml version="1.0"?>\n<rss/>', "rss", id="bom-space"
        ),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications'
            b'//DTD RSS 0.91//EN" "x"><rss version="0.91"/>',
            "rss",
            id="rss-0.91-doctype",
        ),
        pytest.param(
            b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>',
            "atom",
            id="prefixed-atom",
        ),
        pytest.param(
            b"<?xml version='1.0'?><!-- <feed> --><rss/>", "rss", id="comment"
        ),
        pytest.param(
            b'{"version": "https://jsonfeed.org/version/1.1", "items": []}',
            "jsonfeed",
            id="jsonfeed",
        ),
        pytest.param(b"<!doctype html><html><body>hi</body></html>", None, id="html"),
        pytest.param(b'<?xml version="1.0"?><newsMessage/>', None, id="other-xml"),
        pytest.param(b'{"a": 1}', None, id="other-json"),
        pytest.param(b"\x00\x01\xff garbage", None, id="garbage"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_detect_format_reads_the_root_element(data, expected):
    """The format comes from the document's root element (or JSON Feed marker)."""
    assert detect_format(data) == expected


# -- the shared corpus ----------------------------------------------------------


@pytest.mark.parametrize(("relpath", "expected"), CORPUS_FEEDS)
def test_corpus_feed_format_is_detected_from_bytes(corpus, relpath, expected):
    """The format comes from the bytes, not the file name, in both functions."""
    data = (corpus / "wire-samples" / relpath).read_bytes()
    assert detect_format(data) == expected
    assert parse(data).format == expected


@pytest.mark.parametrize("relpath", CORPUS_PATHS)
def test_corpus_feed_items_match_an_independent_reading(corpus, relpath):
    """Every item is parsed, in order, with the file's own guid and title."""
    data = (corpus / "wire-samples" / relpath).read_bytes()
    expected = _expected_items(_read_independently(data))
    feed = parse(data)
    assert expected, f"{relpath}: no items found independently"
    assert feed.skipped == []
    assert [i.guid for i in feed.items] == [guid for guid, _ in expected]
    assert [_words(i.headline) for i in feed.items] == [
        _words(title) for _, title in expected
    ]


@pytest.mark.parametrize("relpath", CORPUS_PATHS)
def test_corpus_feed_dates_are_aware_utc(corpus, relpath):
    """Every item has published and updated datetimes, timezone-aware in UTC."""
    feed = parse((corpus / "wire-samples" / relpath).read_bytes())
    for item in feed.items:
        assert _is_utc(item.published), (item.guid, item.published)
        assert _is_utc(item.updated), (item.guid, item.updated)
        assert item.updated >= item.published


def test_corpus_atom_dates_match_the_file(corpus):
    """The WENN Atom entry's <updated> offset timestamp becomes the same instant."""
    data = (corpus / "wire-samples/atom/superdesk-fixtures/wenn.xml").read_bytes()
    root = _read_independently(data)
    stamps = [
        datetime.fromisoformat(e.findtext(f"{_ATOM_NS}updated"))
        for e in root.iter(f"{_ATOM_NS}entry")
    ]
    assert [i.updated for i in parse(data).items] == stamps


def _cjk(text: str) -> int:
    return sum(unicodedata.name(c, "").startswith("CJK UNIFIED") for c in text)


def test_corpus_gb2312_feed_decodes_to_chinese(corpus):
    """kc0011.rss (GB2312) gives Chinese titles: CJK ideographs, no mojibake."""
    data = (corpus / "wire-samples" / KC0011).read_bytes()
    feed = parse(data)
    assert len(feed.items) == 20
    assert _cjk(feed.title) >= 5
    assert feed.items[0].language == "zh-cn"
    for item in feed.items:
        assert _cjk(item.headline) >= 2, item.headline
        # Mojibake from a wrong 8-bit decoding shows up as Latin-1 letters or U+FFFD.
        assert not re.search(r"[\u00c0-\u00ff\ufffd]", item.headline), item.headline
    # A coin-collectors' forum: the first title is about a commemorative ("纪念")
    # coin, and the Mount Tai ("泰山") series comes up again and again.
    assert "纪念" in feed.items[0].headline
    assert sum("泰山" in i.headline for i in feed.items) >= 5


def test_corpus_gb2312_feed_bodies_and_bylines_are_chinese(corpus):
    """The GB2312 feed's authors and bodies decode too, not only the titles."""
    feed = parse((corpus / "wire-samples" / KC0011).read_bytes())
    # Some forum members use Latin user names; most use Chinese ones.
    assert sum(_cjk(i.byline) >= 2 for i in feed.items) >= 10
    assert sum(_cjk(i.body_html) >= 2 for i in feed.items) >= 15
    for item in feed.items:
        assert "\ufffd" not in item.body_html + item.byline, item.guid


def test_corpus_gb2312_feed_dates_match_the_pubdate_text(corpus):
    """kc0011.rss's "YYYY/M/D H:MM:SS" pubDates become those exact UTC times."""
    data = (corpus / "wire-samples" / KC0011).read_bytes()
    written = [
        datetime.strptime(m.decode(), "%Y/%m/%d %H:%M:%S").replace(tzinfo=UTC)
        for m in re.findall(rb"<pubDate>([^<]+)</pubDate>", data)
    ]
    assert len(written) == 20
    assert [i.published for i in parse(data).items] == written
