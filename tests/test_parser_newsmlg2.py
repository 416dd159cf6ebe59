"""NewsML-G2 parsing on hand-written items and messages and on the corpus.

Corpus files are read at test time; the expected values were read by hand from
each file (short strings only).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers.base import Head
from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.parsers.newsmlg2 import parse, sniff
from wiredesk.ingest.wire import ParseError, Signal

G2_DIR = "wire-samples/newsml-g2"
NS = "http://iptc.org/std/nar/2006-10-01/"

# Every corpus file, with what it holds: the number of text items and the skipped
# reasons (substrings), or "fragment" for the guideline listings that show a piece
# of an item (<contentSet>, <contentMeta>, <groupSet>) rather than a whole item.
CORPUS = {
    "iptc-newsml-g2/LISTING_14_Event_sent_as_a_Concept_Item.xml": (
        0,
        ["concept item (event), not text"],
    ),
    "iptc-newsml-g2/LISTING_16_A_Set_of_Events_carried_in_a_News_Item.xml": (
        0,
        ["composite item, not text"],
    ),
    "iptc-newsml-g2/LISTING_18_Planning_Item_at_PCL.xml": (0, ["planning item"]),
    "iptc-newsml-g2/LISTING_19_Planning_Item_with_delivery_at_CCL.xml": (
        0,
        ["planning item"],
    ),
    "iptc-newsml-g2/LISTING_20_Planning_Item_with_delivery_at_PCL.xml": (
        0,
        ["planning item"],
    ),
    "iptc-newsml-g2/LISTING_22_Sports_story_in_NewsML-G2NITF.xml": (1, []),
    "iptc-newsml-g2/LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml": (
        "fragment"
    ),
    "iptc-newsml-g2/LISTING_26_Embedded_photo_metadata_fields_mapped_to_"
    "NewsML-G2.xml": (
        0,
        ["picture item, not text"],
    ),
    "iptc-newsml-g2/LISTING_28_Illustrating_Located_Subject_and_Dateline.xml": (
        "fragment"
    ),
    "iptc-newsml-g2/LISTING_29_Hop_History.xml": (
        0,
        ["text item with no headline and no content"],
    ),
    "iptc-newsml-g2/LISTING_3A_Photo_in_NewsML-G2_(URI_sibling_attributes).xml": (
        0,
        ["picture item, not text"],
    ),
    "iptc-newsml-g2/LISTING_3_Photo_in_NewsML-G2.xml": (0, ["picture item"]),
    "iptc-newsml-g2/LISTING_5_Multi-part_Video_in_NewsML-G2.xml": (
        0,
        ["video item, not text"],
    ),
    "iptc-newsml-g2/LISTING_6_Simple_NewsML-G2_Package.xml": (
        0,
        ["package of 2 items, members delivered separately"],
    ),
    "iptc-newsml-g2/LISTING_8_Group_Set_example_showing_an_ALT_Package_Mode.xml": (
        "fragment"
    ),
    "iptc-newsml-g2/LISTING_9_Group_Set_example_showing_a_SEQ_Package_Mode.xml": (
        "fragment"
    ),
    "iptc-ninjs-xslt-samples/TT_newsmlg2_sample.xml": (
        1,
        ["package of 2 items, 2 delivered here", "picture item, not text"],
    ),
    "superdesk-fixtures/ansa-newsmlg2-text.xml": (1, []),
    "superdesk-fixtures/ap.xml": (3, []),
    "superdesk-fixtures/dpa.xml": (1, []),
    "superdesk-fixtures/scoop.xml": (
        1,
        ["package of 1 item, members delivered separately"],
    ),
    "superdesk-fixtures/snep.xml": (
        0,
        ["package of 10 items, members delivered separately"],
    ),
    "superdesk-fixtures/stt_newsml_location_rich.xml": (1, []),
    "superdesk-fixtures/stt_newsml_test.xml": (1, []),
    "superdesk-fixtures/tag_reuters.com,0000_newsml_L4N1FL0N0_1132689232": (1, []),
    "superdesk-fixtures/tag_reuters.com,2018_newsml_MTZXEE13ZXCZES_2": (1, []),
    "superdesk-fixtures/tag_reuters.com_2014_newsml_KBN0FL0NM_version_10": (
        0,
        ["package of 5 items, members delivered separately"],
    ),
    "superdesk-fixtures/tag_reuters.com_2014_newsml_KBN0FL0NN_version_5": (1, []),
    "superdesk-fixtures/tag_reuters.com_2014_newsml_LYNXMPEA6F0MS_version_2": (
        0,
        ["picture item, not text"],
    ),
    "superdesk-fixtures/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538": (
        1,
        [],
    ),
    "superdesk-fixtures/text.xml": (1, []),
    "superdesk-fixtures/video.xml": (
        1,
        ["package of 4 items", "video item", "audio item", "picture item"],
    ),
}
DOCUMENTS = [name for name, expected in CORPUS.items() if expected != "fragment"]
FRAGMENTS = [name for name, expected in CORPUS.items() if expected == "fragment"]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def read(corpus, name: str) -> bytes:
    return (corpus / G2_DIR / name).read_bytes()


def news_item(
    item_meta: str = "",
    content_meta: str = "<headline>Story</headline>",
    content_set: str = "<inlineXML><html xmlns='http://www.w3.org/1999/xhtml'>"
    "<body><p>Text.</p></body></html></inlineXML>",
    guid: str = "urn:test:1",
    item_class: str = "ninat:text",
    extra: str = "",
) -> str:
    return (
        f'<newsItem guid="{guid}" version="2">{extra}'
        f'<itemMeta><itemClass qcode="{item_class}"/>{item_meta}</itemMeta>'
        f"<contentMeta>{content_meta}</contentMeta>"
        f"<contentSet>{content_set}</contentSet></newsItem>"
    )


def document(*items: str, message: bool = False, ns: str = NS) -> bytes:
    xmlns = f' xmlns="{ns}"' if ns else ""
    if message:
        body = f"<newsMessage{xmlns}><header/><itemSet>{''.join(items)}</itemSet>"
        body += "</newsMessage>"
    else:
        body = items[0].replace("<newsItem ", f"<newsItem{xmlns} ", 1)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode()


def only_item(data: bytes):
    feed = parse(data)
    assert feed.format == "newsmlg2"
    assert len(feed.items) == 1, feed.skipped
    return feed.items[0]


# -- hand-written items -------------------------------------------------------------


def test_text_item_fills_every_field():
    """A text newsItem maps its itemMeta and contentMeta onto the ParsedItem."""
    data = document(
        news_item(
            extra="<rightsInfo><copyrightHolder literal='Wire'/>"
            "<copyrightNotice>(c) 2025 Wire</copyrightNotice></rightsInfo>",
            item_meta="""<provider qcode="nprov:XW"><name>Example Wire</name></provider>
            <versionCreated>2025-06-10T10:00:00+02:00</versionCreated>
            <firstCreated>2025-06-10T07:30:00Z</firstCreated>
            <embargoed>2025-06-10T12:00:00Z</embargoed>
            <pubStatus qcode="stat:usable"/>
            <link rel="irel:canonical" href="https://wire.example/1"/>""",
            content_meta="""<urgency>2</urgency>
            <located type="cptype:city"><name>Nairobi</name>
              <broader type="cptype:country"><name>Kenya</name></broader></located>
            <language tag="en-GB"/>
            <subject qcode="medtop:20000209"><name>flood</name></subject>
            <subject type="cpnat:geoArea" qcode="geo:1"><name>Rift Valley</name>
            </subject>
            <subject qcode="xw:7"><sameAs qcode="subj:06000000"/></subject>
            <keyword>rain</keyword><keyword>roads</keyword>
            <slugline>KENYA-FLOODS</slugline>
            <headline>Floods close roads</headline>
            <headline role="hld:subHeadline">Rain to continue</headline>
            <by>Jane Doe</by><creditline>XW</creditline>
            <dateline>NAIROBI, June 10</dateline>
            <description role="drol:summary">Roads closed after rain.</description>""",
        )
    )
    item = only_item(data)
    assert item.guid == "urn:test:1"
    assert item.version == "2"
    assert item.headline == "Floods close roads"
    assert item.summary == "Roads closed after rain."
    assert item.body_html == "<p>Text.</p>"
    assert item.byline == "Jane Doe"
    assert item.dateline == "NAIROBI, June 10"
    assert item.language == "en-GB"
    assert item.urgency == 2
    assert item.first_created == utc(2025, 6, 10, 7, 30)
    assert item.published == item.updated == utc(2025, 6, 10, 8, 0)
    assert item.embargoed_until == utc(2025, 6, 10, 12, 0)
    assert item.subjects == ["medtop:20000209", "xw:7", "subj:06000000"]
    assert item.places == ["Nairobi", "Kenya", "Rift Valley"]
    assert item.keywords == ["rain", "roads"]
    assert item.slug == "KENYA-FLOODS"
    assert item.provider == "Example Wire"
    assert item.copyright == "(c) 2025 Wire"
    assert item.url == "https://wire.example/1"
    assert item.signal == Signal.NEW


@pytest.mark.parametrize(
    ("item_meta", "signal"),
    [
        pytest.param('<pubStatus qcode="stat:canceled"/>', Signal.KILL, id="canceled"),
        pytest.param('<pubStatus qcode="stat:withheld"/>', Signal.KILL, id="withheld"),
        pytest.param('<signal qcode="sig:correction"/>', Signal.CORRECTION, id="corr"),
        pytest.param('<signal qcode="sig:update"/>', Signal.UPDATE, id="update"),
        pytest.param(
            '<signal uri="http://cv.iptc.org/newscodes/signal/correction"/>',
            Signal.CORRECTION,
            id="signal-uri",
        ),
        pytest.param('<signal qcode="edStat:U"/>', Signal.NEW, id="agency-scheme"),
        pytest.param('<pubStatus qcode="stat:usable"/>', Signal.NEW, id="usable"),
    ],
)
def test_pub_status_and_signals(item_meta, signal):
    """pubStatus canceled/withheld kill; IPTC sig:correction/sig:update say so."""
    assert only_item(document(news_item(item_meta=item_meta))).signal == signal


def test_subheadline_is_the_summary_when_there_is_no_description():
    """A headline with role hld:subHeadline stands in for a missing summary."""
    meta = '<headline>Main</headline><headline role="hld:subHeadline">Sub</headline>'
    item = only_item(document(news_item(content_meta=meta)))
    assert (item.headline, item.summary) == ("Main", "Sub")


def test_timestamp_dateline_is_dropped_and_located_fills_in():
    """A dateline holding only a time is no dateline; located fills a missing one."""
    stamped = "<headline>H</headline><dateline>2014-07-16 15:53:10 GMT+00:00</dateline>"
    assert only_item(document(news_item(content_meta=stamped))).dateline == ""
    located = '<headline>H</headline><located literal="Rome"/>'
    assert only_item(document(news_item(content_meta=located))).dateline == "Rome"


def test_inline_nitf_body_and_byline():
    """inlineXML NITF gives the body, and the byline and headline contentMeta lacks."""
    content_set = (
        "<inlineXML contenttype='application/nitf+xml'>"
        "<nitf xmlns='http://iptc.org/std/NITF/2006-10-18/'><body><body.head>"
        "<hedline><hl1>From NITF</hl1></hedline>"
        "<byline>By <person>A. Writer</person></byline></body.head>"
        "<body.content><p>One.</p><p>Two.</p></body.content></body></nitf></inlineXML>"
    )
    item = only_item(document(news_item(content_meta="", content_set=content_set)))
    assert item.headline == "From NITF"
    assert item.byline == "By A. Writer"
    assert item.body_html == "<p>One.</p><p>Two.</p>"


def test_inline_data_plain_text_is_body_text():
    """inlineData text/plain becomes body_text, its indentation removed."""
    content_set = (
        '<inlineData contenttype="text/plain">\n   Line one.\n   Line two.\n'
        "</inlineData>"
    )
    item = only_item(document(news_item(content_set=content_set)))
    assert item.body_text == "Line one.\nLine two."
    assert item.body_html == ""


def test_xhtml_header_and_repeated_headline_are_dropped():
    """dpa-style <header> and an <h1> repeating the headline are not body text."""
    content_set = (
        "<inlineXML><html xmlns='http://www.w3.org/1999/xhtml'><body>"
        "<header><ul><li>Sport</li></ul></header><h1>Story</h1><p>Body.</p>"
        "</body></html></inlineXML>"
    )
    item = only_item(document(news_item(content_set=content_set)))
    assert item.body_html == "<p>Body.</p>"


def test_message_links_package_members_and_attaches_pictures():
    """A package with its members in the message: related guids, picture as media."""
    package = (
        '<packageItem guid="urn:test:pkg" version="1"><itemMeta>'
        '<itemClass qcode="ninat:composite"/></itemMeta><groupSet root="G1">'
        '<group id="G1"><itemRef residref="urn:test:1"/>'
        '<itemRef residref="urn:test:pic"/><itemRef residref="urn:test:away"/>'
        "</group></groupSet></packageItem>"
    )
    picture = news_item(
        guid="urn:test:pic",
        item_class="ninat:picture",
        content_meta="<description role='drol:caption'>A caption</description>"
        "<creditline>Photo Desk</creditline>",
        content_set='<remoteContent rendition="rnd:thumbnail" contenttype="image/jpeg"'
        ' href="https://x.example/t.jpg"/>'
        '<remoteContent rendition="rnd:highRes" contenttype="image/jpeg"'
        ' href="https://x.example/h.jpg"/>',
    )
    feed = parse(document(package, news_item(), picture, message=True))
    [item] = feed.items
    assert item.related == ["urn:test:pic", "urn:test:away"]
    assert [(m.url, m.caption, m.credit) for m in item.media] == [
        ("https://x.example/h.jpg", "A caption", "Photo Desk")
    ]
    reasons = dict(feed.skipped)
    assert reasons["urn:test:pkg"] == (
        "package of 3 items, 2 delivered here and linked as related"
    )
    assert reasons["urn:test:pic"].startswith("picture item, not text")


def test_fragment_roots_are_claimed_below_whole_items():
    """A bare <contentSet> is G2 but scores below a whole item; foreign roots 0."""
    assert sniff(Head(b"<contentSet><inlineXML/></contentSet>")) == 60
    assert sniff(Head(b'<groupSet xmlns="http://example.com/x"/>')) == 0
    assert sniff(Head(b"<nitf/>")) == 0


def test_items_without_namespace_or_item_class_are_read():
    """TT sends G2 without a namespace; an item with no itemClass but text is text."""
    data = document(news_item(item_class=""), ns="")
    data = data.replace(b'<itemClass qcode=""/>', b"")
    assert only_item(data).headline == "Story"
    assert sniff(Head(data)) == 80
    assert sniff(Head(document(news_item()))) == 90


def test_text_item_without_guid_is_skipped():
    """A text item with no guid cannot be stored and is skipped with the reason."""
    feed = parse(document(news_item(guid="")))
    assert feed.items == []
    assert feed.skipped == [("newsItem 1", "text item with no guid")]


def test_latin_1_item_comes_out_as_unicode():
    """A newsItem in ISO-8859-1 bytes decodes its accents."""
    text = document(news_item(content_meta="<headline>Décès à Zürich</headline>"))
    data = text.decode().replace("utf-8", "iso-8859-1").encode("iso-8859-1")
    assert only_item(data).headline == "Décès à Zürich"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"<newsItem><itemMeta>", "malformed XML", id="truncated"),
        pytest.param(b"", "malformed XML", id="empty"),
        pytest.param(b"<catalog/>", "root element <catalog>", id="foreign-root"),
        pytest.param(b"<NewsML/>", "not a NewsML-G2 document", id="newsml-1.2"),
    ],
)
def test_malformed_or_foreign_documents_raise_parse_error(data, message):
    """Bytes that are not a NewsML-G2 document raise ParseError saying why."""
    with pytest.raises(ParseError, match=message):
        parse(data)


# -- the corpus ---------------------------------------------------------------------


def test_corpus_list_is_complete(corpus):
    """Every NewsML-G2 corpus file is in this test's table, so none goes untested."""
    found = sorted(
        str(p.relative_to(corpus / G2_DIR))
        for p in (corpus / G2_DIR).rglob("*")
        if p.is_file()
    )
    assert found == sorted(CORPUS)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_corpus_document_items_and_skips(corpus, name):
    """Each document gives its text items (guid, headline, UTC dates); the rest
    is skipped with a reason."""
    count, reasons = CORPUS[name]
    feed = parse(read(corpus, name))
    assert len(feed.items) == count
    for item in feed.items:
        assert item.guid and item.headline
        for when in (item.first_created, item.published, item.updated):
            assert when is not None and when.utcoffset().total_seconds() == 0
    skipped = [reason for _, reason in feed.skipped]
    assert len(skipped) == len(reasons)
    for wanted in reasons:
        assert any(wanted in reason for reason in skipped), skipped


@pytest.mark.parametrize("name", DOCUMENTS)
def test_corpus_document_is_detected_as_newsmlg2(corpus, name):
    """detect_format recognises each G2 document, with or without extension."""
    assert detect_format(read(corpus, name)) == "newsmlg2"


@pytest.mark.parametrize("name", FRAGMENTS)
def test_corpus_fragments_are_skipped_with_reason(corpus, name):
    """Guideline fragments (<contentSet>, <groupSet>…) hold no item: skipped."""
    data = read(corpus, name)
    assert detect_format(data) == "newsmlg2"
    feed = parse(data)
    assert feed.items == []
    [(where, reason)] = feed.skipped
    assert reason == f"NewsML-G2 fragment {where}, not a whole item"


def test_corpus_ap_message_of_three_earnings_stories(corpus):
    """AP: three items, inline NITF body, located place chain, dateline, slug."""
    feed = parse(read(corpus, "superdesk-fixtures/ap.xml"))
    item = feed.items[0]
    assert item.guid == "tag:ap.org,2011:5e565888b587889c5c8bd62b6164118c-text"
    assert item.version == "2"
    assert item.headline == "Nutrisystem beats 4Q earnings and revenue expectations"
    assert item.dateline == "FORT WASHINGTON, Pa."
    assert item.slug == "BC-US--Earns-Nutrisystem, 1st Ld-Writethru"
    assert item.urgency == 4
    assert item.places[:3] == ["Pittsburgh", "Pennsylvania", "United States"]
    assert item.keywords == ["Nutrisystem", "Earnings Report", "Pennsylvania"]
    assert "apcategorycode:f" in item.subjects
    assert item.first_created == utc(2018, 2, 26, 21, 20, 36)
    assert item.updated == utc(2018, 2, 26, 21, 20, 34)
    assert item.provider == "Automated Insights"
    assert item.body_html.count("<p>") >= 5
    assert [i.version for i in feed.items] == ["2", "2", "1"]


def test_corpus_dpa_xhtml_item(corpus):
    """dpa: XHTML body without its header block, medtop and sameAs subj codes."""
    item = only_item(read(corpus, "superdesk-fixtures/dpa.xml"))
    assert item.guid == "urn:newsml:dpa.com:20090101:221011-930-4303"
    assert item.headline.startswith("Eintracht in London: Hintereggers Tränen")
    assert item.dateline == "London (dpa) -"
    assert item.language == "de"
    assert item.published == utc(2022, 10, 11, 9, 14, 42)
    assert item.subjects[:2] == ["medtop:20001065", "subj:15054000"]
    assert {"Deutschland", "Großbritannien"} <= set(item.places)
    assert item.keywords == ["Champions League", "Frankfurt", "London"]
    assert item.provider == "Deutsche Presse-Agentur GmbH"
    assert 'class="slugline"' not in item.body_html
    assert "Standard-Reiseziel" in item.body_html


def test_corpus_reuters_text_item(corpus):
    """Reuters: no file extension, timestamp dateline dropped, by, located places."""
    name = "superdesk-fixtures/tag_reuters.com_2014_newsml_KBN0FL0NN_version_5"
    item = only_item(read(corpus, name))
    assert item.guid == "tag_reuters.com_2014_newsml_KBN0FL0NN"
    assert item.version == "5"
    assert item.headline == "Confident Assad launches new term in stronger position"
    assert item.byline == "By Marwan Makdisi"
    assert item.dateline == ""
    assert item.slug == "US-SYRIA-CRISIS-ASSAD"
    assert item.first_created == utc(2014, 7, 16, 8, 10, 15)
    assert item.updated == utc(2014, 7, 16, 15, 53, 10)
    assert "subj:02000000" in item.subjects
    assert item.provider == "reuters.com"
    assert item.summary == ""  # descRole:caption is not a summary


def test_corpus_reuters_canceled_item_is_a_kill(corpus):
    """Reuters stat:canceled: a KILL of the same guid, headline kept."""
    name = "superdesk-fixtures/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538"
    item = only_item(read(corpus, name))
    assert item.signal == Signal.KILL
    assert item.guid == "tag:reuters.com,0000:newsml_L1N14N0FF"
    assert item.headline.startswith("CORRECTED-S. Illinois battles flooding")


def test_corpus_ansa_inline_data_marked_up_as_plain_text(corpus):
    """ANSA labels <p> markup text/plain: it is read as markup; located is dateline."""
    item = only_item(read(corpus, "superdesk-fixtures/ansa-newsmlg2-text.xml"))
    assert item.guid == "tag:ansa.it,2017-10-11:40e5fb1034e7e2b21942ea09718fc85a"
    assert item.body_html.startswith("<p>")
    assert "Angelino" in item.body_html
    assert item.summary == "Foreign minister expresses faith in Spanish government"
    assert item.dateline == "Rome"
    assert item.published == utc(2017, 10, 11, 9, 41)
    assert item.media[0].url.endswith("200400bfd17a98e68ea9597546e5ec93.jpg")


def test_corpus_stt_update_signal(corpus):
    """STT: sig:update makes an UPDATE; version 4; dateline given."""
    item = only_item(read(corpus, "superdesk-fixtures/stt_newsml_test.xml"))
    assert item.guid == "urn:newsml:stt.fi:20171219:101801633"
    assert item.signal == Signal.UPDATE
    assert item.version == "4"
    assert item.dateline == "Helsinki"
    assert item.first_created == utc(2017, 12, 19, 8, 33, 4)


def test_corpus_stt_naive_times_read_as_utc(corpus):
    """STT's times without zone are read as UTC."""
    item = only_item(read(corpus, "superdesk-fixtures/stt_newsml_location_rich.xml"))
    assert item.published == utc(2017, 8, 29, 17, 15, 41)


def test_corpus_tt_package_message(corpus):
    """TT: no namespace; the text member is related to the picture and shows it."""
    feed = parse(read(corpus, "iptc-ninjs-xslt-samples/TT_newsmlg2_sample.xml"))
    [item] = feed.items
    assert item.guid == "http://tt.se/media/text/210919-janguillou-879f202b"
    assert item.related == ["http://tt.se/media/image/sdlm1btzmKu8WU"]
    assert item.media[0].url.endswith("a001_NormalHires.jpg")
    assert item.media[0].caption.startswith("Journalisten och författaren")
    assert item.provider == "TT"
    assert item.slug == "janguillou"
    assert item.published == utc(2021, 9, 19, 18, 57, 43)


def test_corpus_reuters_video_package(corpus):
    """Reuters video package: text item related to its video, audio and picture."""
    feed = parse(read(corpus, "superdesk-fixtures/video.xml"))
    [item] = feed.items
    assert item.guid == "tag:reuters.com,2013:newsml_OVE933ZR5"
    assert sorted(item.related) == [
        "tag:reuters.com,2013:newsml_LOVE9230WHZNR",
        "tag:reuters.com,2013:newsml_LOVE9230WHZNS",
        "tag:reuters.com,2013:newsml_LOVE9230WHZNT",
    ]
    assert item.media[0].url.endswith("BASEIMAGE:960X540")
    assert item.summary.startswith("Cardinals arrive at the Vatican")
    assert item.dateline == ""  # "MARCH 04, 2013" is a date, and located is empty


def test_corpus_scoop_nitf_title_and_unmatched_package(corpus):
    """BusinessDesk: headline from the NITF title, byline with its title."""
    feed = parse(read(corpus, "superdesk-fixtures/scoop.xml"))
    [item] = feed.items
    assert item.guid == "BD-20160112123540"
    assert item.headline.startswith("Dick Smith receivers install Don Grover")
    assert item.byline == "By Staff Reporter, BusinessDesk"
    assert item.published == utc(2016, 1, 12, 12, 35, 40)


def test_corpus_iptc_sports_story(corpus):
    """IPTC listing 22: NITF body, summary, qcoded places, sameAs subject."""
    name = "iptc-newsml-g2/LISTING_22_Sports_story_in_NewsML-G2NITF.xml"
    item = only_item(read(corpus, name))
    assert item.guid == "tag:xmlteam.com,2016:xt.5932656-preview"
    assert item.version == "11"
    assert item.summary.startswith("A pair of teams coming off big weekend sweeps")
    assert item.places == ["city:Philadelphia", "reg:Pennsylvania", "cntry:USA"]
    assert "subj:15007000" in item.subjects
    assert item.first_created == utc(2016, 10, 19, 16, 15)
    assert item.updated == utc(2018, 10, 19, 15, 45)
    assert item.byline == "Sports Network"
