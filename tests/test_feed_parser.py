"""RSS/Atom parsing and format detection, on tiny hand-written feeds and the corpus.

Corpus files are read at test time (nothing of them is copied here); the expected
guids and titles come from an independent reading of each file with ElementTree.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from wiredesk.ingest import encoding
from wiredesk.ingest.parsers import feed as feed_module
from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.parsers.feed import parse, parse_date
from wiredesk.ingest.wire import MediaRef, ParseError

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


def test_feed_cut_off_with_nothing_usable_raises_parse_error():
    """A download cut off mid-title, with no whole item, is a ParseError."""
    with pytest.raises(ParseError, match="not a readable RSS or Atom feed"):
        parse(b'<rss version="2.0"><channel><item><guid>x</guid><title>Half a')


def test_feed_cut_off_after_whole_items_keeps_them():
    """A feed cut off after some whole items keeps those items (salvage)."""
    feed = parse(
        b'<rss version="2.0"><channel><item><guid>w1</guid><title>Whole</title>'
        b"</item><item><guid>x</guid><title>Half a"
    )
    assert [i.guid for i in feed.items][:1] == ["w1"]


def test_binary_garbage_error_names_the_xml_problem():
    """The ParseError message carries the XML error (where and what)."""
    with pytest.raises(ParseError, match=r"not a readable RSS or Atom feed: .*token"):
        parse(b"\x00\x01\x02\xff\xfe binary junk")


def _rss(items: str, *, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    """A small RSS 2.0 document around ``items``, with the usual module prefixes."""
    return (
        f'{head}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:media="http://search.yahoo.com/mrss/"'
        ' xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<channel><title>t</title><language>en</language>{items}</channel></rss>"
    ).encode()


def test_content_encoded_is_the_body_and_description_the_summary():
    """With content:encoded, it is the body and the description the summary."""
    (item,) = parse(
        _rss(
            "<item><guid>c1</guid><title>T</title><description>Short.</description>"
            "<content:encoded><![CDATA[<p>Long <b>body</b>.</p>]]></content:encoded>"
            "</item>"
        )
    ).items
    assert item.body_html == "<p>Long <b>body</b>.</p>"
    assert item.summary == "Short."


def test_plain_text_description_keeps_its_paragraphs_as_body_text():
    """A description without markup goes to body_text, so its paragraphs survive."""
    (item,) = parse(
        _rss(
            "<item><guid>p1</guid><title>T</title><description>One.\n\nTwo.</description></item>"
        )
    ).items
    assert item.body_html == ""
    assert item.body_text == "One.\n\nTwo."
    assert item.summary == ""


def test_dublin_core_creator_date_subject_and_language():
    """dc:creator is the byline, dc:date the time, dc:subject a keyword."""
    (item,) = parse(
        _rss(
            "<item><guid>d1</guid><title>T</title>"
            "<dc:creator>Ana Ruiz</dc:creator><dc:creator>Li Wei</dc:creator>"
            "<dc:date>2025-06-10T08:30:00+02:00</dc:date>"
            "<dc:subject>Health</dc:subject><dc:language>es</dc:language>"
            "<dc:rights>(c) Test Agency</dc:rights></item>"
        )
    ).items
    assert item.byline == "Ana Ruiz, Li Wei"
    assert item.published == datetime(2025, 6, 10, 6, 30, tzinfo=UTC)
    assert item.keywords == ["Health"]
    assert item.language == "es"
    assert item.copyright == "(c) Test Agency"


def test_rss_author_email_form_gives_the_name():
    """<author>desk@x (Name)</author> gives the byline "Name"."""
    assert parse(RSS_20).items[0].byline == "Test Desk"


def test_media_content_caption_credit_and_thumbnail_fallback():
    """Image media:content (also in media:group) keeps caption and credit;
    video is not an image; a thumbnail is used only when there is no image."""
    first, second = parse(
        _rss(
            "<item><guid>m1</guid><title>T</title>"
            '<media:content url="https://x.example/v.mp4" medium="video"/>'
            '<media:group><media:content url="https://x.example/a.jpg"'
            ' type="image/jpeg">'
            "<media:description>Flooded road</media:description>"
            "<media:credit>Jo Bloggs</media:credit></media:content></media:group>"
            '<media:thumbnail url="https://x.example/a-small.jpg"/></item>'
            "<item><guid>m2</guid><title>T</title>"
            '<media:thumbnail url="https://x.example/b-small.jpg"/></item>'
        )
    ).items
    assert first.media == [
        MediaRef(
            url="https://x.example/a.jpg", caption="Flooded road", credit="Jo Bloggs"
        )
    ]
    assert [m.url for m in second.media] == ["https://x.example/b-small.jpg"]


def test_permalink_guid_is_the_url_when_there_is_no_link():
    """A guid that is a permalink (the default) stands in for a missing link."""
    first, second = parse(
        _rss(
            "<item><guid>https://x.example/1</guid><title>A</title></item>"
            '<item><guid isPermaLink="false">https://x.example/2</guid>'
            "<title>B</title></item>"
        )
    ).items
    assert first.url == "https://x.example/1"
    assert second.url == ""


def test_untitled_item_is_headed_by_the_first_words_of_its_text():
    """An item with no title (a microblog post) gets its text's first words."""
    long_text = "word " * 40
    first, second = parse(
        _rss(
            "<item><guid>u1</guid><description>&lt;p&gt;It&amp;#8217;s &lt;b&gt;here"
            "&lt;/b&gt;.&lt;/p&gt;</description></item>"
            f"<item><guid>u2</guid><description>{long_text}</description></item>"
        )
    ).items
    assert first.headline == "It’s here ."
    assert second.headline.endswith("…") and len(second.headline) <= 101


def test_relative_links_in_bodies_are_made_absolute():
    """Relative href/src in a body resolve against xml:base or the item link."""
    rss_item = parse(
        _rss(
            "<item><guid>r1</guid><title>T</title><link>https://x.example/a/1</link>"
            '<description>&lt;a href="/b"&gt;b&lt;/a&gt; &lt;img src="c.png"&gt;'
            '&lt;a href="#n"&gt;n&lt;/a&gt; &lt;a href="https://y.example/"&gt;y'
            "&lt;/a&gt;</description></item>"
        )
    ).items[0]
    assert 'href="https://x.example/b"' in rss_item.body_html
    assert 'src="https://x.example/a/c.png"' in rss_item.body_html
    assert 'href="#n"' in rss_item.body_html
    assert 'href="https://y.example/"' in rss_item.body_html
    atom_item = parse(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e</id><title>T</title>'
        b'<content type="html" xml:base="https://z.example/d/">'
        b'&lt;a href="e"&gt;e&lt;/a&gt;</content></entry></feed>'
    ).items[0]
    assert atom_item.body_html == '<a href="https://z.example/d/e">e</a>'


def test_atom_xhtml_and_text_content_and_inherited_author():
    """xhtml content comes as markup, text content as body_text; an entry
    without an author has the feed's; category labels are keywords."""
    first, second = parse(
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>F</title>'
        b"<author><name>Desk</name></author><rights>CC BY</rights>"
        b'<entry><id>x1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        b"Big <b>news</b></div></title>"
        b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        b"<p>Para <em>one</em>.</p></div></content>"
        b'<category term="eco" label="Economy"/><category term="tech"/>'
        b'<link rel="enclosure" type="image/png" href="https://x.example/i.png"/>'
        b"<updated>2025-06-10T08:00:00Z</updated></entry>"
        b'<entry><id>x2</id><title>Plain</title><content type="text">A &lt; B.\n\nC.'
        b"</content><author><name>Own Author</name></author>"
        b"<updated>2025-06-10T08:00:00Z</updated></entry></feed>"
    ).items
    assert first.headline == "Big news"
    assert first.body_html == "<p>Para <em>one</em>.</p>"
    assert first.byline == "Desk"
    assert first.language == "fr"
    assert first.copyright == "CC BY"
    assert first.keywords == ["Economy", "tech"]
    assert [m.url for m in first.media] == ["https://x.example/i.png"]
    assert (second.body_html, second.body_text) == ("", "A < B.\n\nC.")
    assert second.byline == "Own Author"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 10 Jun 2025 08:30:00 +0200", datetime(2025, 6, 10, 6, 30)),
        ("Tue, 10 Jun 2025 08:30:00 GMT", datetime(2025, 6, 10, 8, 30)),
        ("Tue, 10 Jun 2025 08:30:00 EST", datetime(2025, 6, 10, 13, 30)),
        ("Tue, 10 Jun 2025 08:30:00 -0000", datetime(2025, 6, 10, 8, 30)),
        ("10 Jun 25 08:30 +0000", datetime(2025, 6, 10, 8, 30)),
        ("2025-06-10T08:30:00Z", datetime(2025, 6, 10, 8, 30)),
        ("2025-06-10T08:30:00.250-07:00", datetime(2025, 6, 10, 15, 30, 0, 250000)),
        ("2025-06-10T08:30:00", datetime(2025, 6, 10, 8, 30)),
        ("2025-06-10", datetime(2025, 6, 10)),
        ("2020/1/10 14:33:00", datetime(2020, 1, 10, 14, 33)),
        ("2019/12/31", datetime(2019, 12, 31)),
        ("Tue, 10 Jun 2025", datetime(2025, 6, 10)),  # through feedparser
        (" ", None),
        ("soon", None),
    ],
)
def test_parse_date_reads_feed_dates_as_aware_utc(value, expected):
    """RFC 822, ISO 8601 and slash dates become aware UTC; junk becomes None."""
    parsed = parse_date(value)
    if expected is None:
        assert parsed is None
    else:
        assert parsed == expected.replace(tzinfo=UTC)
        assert parsed.tzinfo is UTC


# -- encodings and the feedparser fallback --------------------------------------


def _no_fallback(monkeypatch) -> None:
    def refuse(data: bytes) -> None:
        raise AssertionError("fell back to feedparser")

    monkeypatch.setattr(feed_module, "parse_with_feedparser", refuse)


def test_gb2312_declared_feed_with_gbk_characters_decodes(monkeypatch):
    """GB2312-labelled bytes with GBK-only characters (镕) decode as GB18030,
    on the fast path."""
    _no_fallback(monkeypatch)
    data = (
        '<?xml version="1.0" encoding="GB2312"?><rss version="2.0"><channel>'
        "<title>新闻</title><item><guid>g1</guid><title>朱镕基访问</title></item>"
        "</channel></rss>"
    ).encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # the premise: not valid strict GB2312
    assert parse(data).items[0].headline == "朱镕基访问"


def test_latin1_feed_with_windows_1252_quotes_decodes_them(monkeypatch):
    """ISO-8859-1-labelled bytes 0x93/0x94 are Windows-1252 curly quotes."""
    _no_fallback(monkeypatch)
    data = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
        b"<title>Caf\xe9</title><item><guid>l1</guid>"
        b"<title>\x93Se\xf1or\x94 Caf\xe9</title></item></channel></rss>"
    )
    feed = parse(data)
    assert feed.title == "Café"
    assert feed.items[0].headline == "“Señor” Café"


def test_byte_order_mark_outranks_the_declaration(monkeypatch):
    """A UTF-8 BOM wins over a wrong declared charset; UTF-16 with a BOM reads."""
    _no_fallback(monkeypatch)
    utf8 = codecs.BOM_UTF8 + _rss(
        "<item><guid>b1</guid><title>Zürich</title></item>",
        head='<?xml version="1.0" encoding="ISO-8859-1"?>',
    )
    assert parse(utf8).items[0].headline == "Zürich"
    utf16 = (
        '\ufeff<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel>'
        "<item><guid>b2</guid><title>Ελλάδα</title></item></channel></rss>"
    ).encode("utf-16-le")
    assert parse(utf16).items[0].headline == "Ελλάδα"


def test_white_space_before_the_declaration_is_tolerated(monkeypatch):
    """Blank lines before <?xml ...?> (common from PHP) still parse, fast."""
    _no_fallback(monkeypatch)
    data = b"\n\n  " + _rss("<item><guid>w1</guid><title>W</title></item>")
    assert encoding.to_libxml2(data).startswith(b"<?xml")
    assert parse(data).items[0].headline == "W"


def test_unknown_charset_and_malformed_xml_fall_back_to_feedparser(monkeypatch):
    """Bytes libxml2 rejects (unknown charset, HTML entity) go to feedparser."""
    calls = []
    real = feed_module.parse_with_feedparser
    monkeypatch.setattr(
        feed_module, "parse_with_feedparser", lambda d: calls.append(d) or real(d)
    )
    unknown = _rss(
        "<item><guid>k1</guid><title>Known</title></item>",
        head='<?xml version="1.0" encoding="x-no-such-charset"?>',
    )
    assert [i.guid for i in parse(unknown).items] == ["k1"]
    html_entity = _rss("<item><guid>a1</guid><title>Price&nbsp;rise</title></item>")
    assert [i.headline for i in parse(html_entity).items] == ["Price\xa0rise"]
    assert len(calls) == 2
    assert parse(RSS_20).items and len(calls) == 2  # well-formed: fast path


def test_encoding_errors_name_the_charset():
    """An unknown charset raises EncodingError (a ParseError) naming it."""
    with pytest.raises(ParseError, match="x-no-such-charset"):
        encoding.to_libxml2(b'<?xml version="1.0" encoding="x-no-such-charset"?><a/>')
    assert encoding.declared_encoding(b"<?xml version='1.0' encoding='koi8-r'?>") == (
        "koi8-r"
    )
    assert encoding.to_libxml2(RSS_20) is RSS_20  # UTF-8 passes untouched


def test_well_formed_xml_that_is_no_feed_raises_parse_error():
    """An XML document of another kind is refused with its root element named."""
    with pytest.raises(ParseError, match="root element <html>"):
        parse(b"<html><body>hi</body></html>")


def test_atom_03_goes_to_feedparser():
    """Pre-standard Atom 0.3 is read by the feedparser path."""
    feed = parse(
        b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>'
        b"<entry><id>o1</id><title>Old entry</title>"
        b"<issued>2004-05-01T10:00:00Z</issued><modified>2004-05-01T10:00:00Z</modified>"
        b"</entry></feed>"
    )
    assert [(i.guid, i.headline) for i in feed.items] == [("o1", "Old entry")]
    assert feed.items[0].published == datetime(2004, 5, 1, 10, tzinfo=UTC)


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
        pytest.param(
            b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"/>',
            "atom",
            id="atom-0.3",
        ),
        pytest.param(
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b"<rdf:Description/></rdf:RDF>",
            None,
            id="rdf-not-rss",
        ),
        pytest.param(b"<!doctype html><html><body>hi</body></html>", None, id="html"),
        pytest.param(b'<?xml version="1.0"?><catalog/>', None, id="other-xml"),
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
    for item, (_, title) in zip(feed.items, expected, strict=True):
        if title.strip():
            assert _words(item.headline) == _words(title)
        else:  # untitled (microblog) items are headed by their first words
            assert item.headline
            assert item.headline.rstrip("…").split()[0] in _words(
                html.unescape(re.sub(r"<[^>]*>", " ", item.body_html or item.body_text))
            )


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


@pytest.mark.parametrize("relpath", CORPUS_PATHS)
def test_corpus_fast_path_agrees_with_feedparser(corpus, relpath):
    """The lxml path and the feedparser fallback read the same guids, titled
    headlines and publication times from every corpus feed."""
    data = (corpus / "wire-samples" / relpath).read_bytes()
    fast, slow = parse(data), feed_module.parse_with_feedparser(data)
    assert fast.format == slow.format
    assert fast.title == slow.title
    assert [i.guid for i in fast.items] == [i.guid for i in slow.items]
    for mine, theirs in zip(fast.items, slow.items, strict=True):
        if theirs.headline and "wenn" not in relpath:
            assert _words(mine.headline) == _words(theirs.headline)
        if "wenn" not in relpath:  # WENN's own published time is finer
            assert mine.published.replace(microsecond=0) == theirs.published


def test_corpus_rss_fields_emarley(corpus):
    """Medium's RSS: CDATA title, dc:creator byline, non-permalink guid."""
    data = (corpus / "wire-samples/rss/rsparser-resources/EMarley.rss").read_bytes()
    item = parse(data).items[0]
    assert item.guid == "https://medium.com/p/c44a41af38d1"
    assert item.headline == "UI Automation & screenshots"
    assert item.byline == "Liz Marley"
    assert item.published == datetime(2016, 5, 7, 23, 53, 30, tzinfo=UTC)
    assert item.url.startswith("https://medium.com/@emarley/ui-automation-screenshots")
    assert "partial collection of links" in item.body_html


def test_corpus_rss_fields_macworld(corpus):
    """Macworld: link as guid, -0800 pubDate, wrapped categories, image enclosure."""
    data = (corpus / "wire-samples/rss/rsparser-resources/macworld.rss").read_bytes()
    feed = parse(data)
    item = feed.items[0]
    assert item.guid == item.url
    assert item.url.startswith("https://www.techhive.com/article/3212828/")
    assert item.headline == "Best smart lock"
    assert item.published == datetime(2017, 11, 28, 23, 40, tzinfo=UTC)
    assert item.byline == "Christopher Null"
    assert item.keywords == ["Connected Home", "Bluetooth", "Home Tech"]
    assert [m.url for m in item.media] == [
        "https://images.idgesg.net/images/article/2017/08/"
        "best-smart-locks-100730768-medium.jpg"
    ]
    assert item.language == "en-us"
    assert item.body_text.startswith("Keys are yesterday")


def test_corpus_rss_fields_manton(corpus):
    """WordPress RSS: content:encoded body, description summary, untitled post."""
    data = (corpus / "wire-samples/rss/rsparser-resources/manton.rss").read_bytes()
    item = parse(data).items[0]
    assert item.guid == "http://www.manton.org/?p=3071"
    assert item.url == "http://www.manton.org/2015/09/3071.html"
    assert item.headline.startswith("This week’s Core Intuition is out")
    assert item.byline == "manton"
    assert item.keywords == ["Snippets"]
    assert item.published == datetime(2015, 9, 25, 14, 26, 40, tzinfo=UTC)
    assert item.body_html.startswith('<p><a href="http://coreint.org/199">')
    assert item.summary.startswith("This week")
    assert item.language == "en-US"


def test_corpus_rdf_fields_biorxiv(corpus):
    """bioRxiv RSS 1.0: rdf:about guid, padded title, dc:date day, plain body."""
    data = (corpus / "wire-samples/rss/rsparser-resources/bio.rdf").read_bytes()
    item = parse(data).items[0]
    assert item.guid == "http://biorxiv.org/cgi/content/short/743294v1?rss=1"
    assert item.url == item.guid
    assert item.headline.startswith("Wheat inositol pyrophosphate kinase (TaVIH2-3B)")
    assert item.byline.startswith("Kaur, M., Shukla, A.,")
    assert item.published == datetime(2019, 8, 27, tzinfo=UTC)
    assert item.body_text.startswith("Inositol pyrophosphates (PPx-InsPs)")


def test_corpus_atom_fields_daring_fireball(corpus):
    """Daring Fireball Atom: alternate link, author, rights, content language."""
    data = (
        corpus / "wire-samples/atom/rsparser-resources/DaringFireball.atom"
    ).read_bytes()
    feed = parse(data)
    item = feed.items[0]
    assert item.guid == "tag:daringfireball.net,2017:/linked//6.33853"
    assert item.url == "https://daringfireball.net/thetalkshow/2017/06/26/ep-195"
    assert item.published == datetime(2017, 6, 27, 0, 54, 17, tzinfo=UTC)
    assert item.updated == datetime(2017, 6, 27, 0, 54, 20, tzinfo=UTC)
    assert item.byline == "John Gruber"
    assert item.language == "en"
    assert item.copyright == "Copyright © 2017, John Gruber"
    assert item.body_html.startswith("<p>New episode of America&#8217;s favorite")


def test_corpus_atom_fields_blogger(corpus):
    """Blogger Atom: offset times with milliseconds, author name, video not media."""
    data = (
        corpus / "wire-samples/atom/rsparser-resources/4fsodonline.atom"
    ).read_bytes()
    item = parse(data).items[0]
    assert item.guid == (
        "tag:blogger.com,1999:blog-3905741845175603023.post-425541125763448592"
    )
    assert item.headline == "4FSOD Documentary: Bloopers and Stuff"
    assert item.published == datetime(2007, 12, 15, 7, 15, tzinfo=UTC)
    assert item.updated == datetime(2007, 12, 15, 19, 35, 51, 128000, tzinfo=UTC)
    assert item.byline == "Anthony"
    assert item.media == []


def test_corpus_atom_fields_wenn(corpus):
    """WENN's Atom extension: body, slug, places, tags, priority and language."""
    data = (corpus / "wire-samples/atom/superdesk-fixtures/wenn.xml").read_bytes()
    item = parse(data).items[0]
    assert item.guid == "urn:feed-wenn-com:newsfeedarticle:2:2222:1"
    assert item.headline == "Suge Knight involved in fatal hit and run incident"
    assert item.body_text.startswith("Police officials in Los Angeles")
    assert "\n\nThe embattled hip-hop mogul" in item.body_text
    assert item.body_html == ""  # the atom:content is a placeholder
    assert item.slug == "(KL&TD/WNWCZM/RL)"
    assert item.places == ["Worldwide"]
    assert item.keywords == ["Music", "Suge Knight", "Tmz.Com", "Compton"]
    assert item.urgency == 5  # "med"
    assert item.provider == "WENN"
    assert item.language == "en-GB"
    assert item.byline == "WENN Newsdesk"  # the feed's author (RFC 4287)
    assert item.published == datetime(2015, 1, 30, 0, 33, 6, tzinfo=UTC)


@pytest.mark.parametrize("relpath", CORPUS_PATHS)
def test_corpus_feeds_are_read_by_the_fast_path(corpus, relpath, monkeypatch):
    """Every corpus feed, GB2312 included, is well-formed enough for lxml."""
    _no_fallback(monkeypatch)
    assert parse((corpus / "wire-samples" / relpath).read_bytes()).items
