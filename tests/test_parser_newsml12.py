"""NewsML 1.2 parsing on hand-written envelopes and on the corpus.

Corpus files are read at test time; the expected values were read by hand from
each file (short strings only).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers.detect import detect_format
from wiredesk.ingest.parsers.newsml12 import parse
from wiredesk.ingest.wire import ParseError, Signal

NEWSML_DIR = "wire-samples/newsml-1.2"
CORPUS_FILES = [
    "iptc-ninjs-newsml-samples/businesswire-newsml-20130515006361.xml",
    "iptc-ninjs-newsml-samples/businesswire-newsml-20130605006126.xml",
    "iptc-ninjs-newsml-samples/businesswire-newsml-20130731006140.xml",
    "iptc-ninjs-xslt-samples/afp.com_newsml1.2_sample.xml",
    "superdesk-fixtures/afp20.xml",
    "superdesk-fixtures/ana1.xml",
]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def read(corpus, name: str) -> bytes:
    return (corpus / NEWSML_DIR / name).read_bytes()


def news_item(
    lines: str = "<HeadLine>Story</HeadLine>",
    component: str = "",
    status: str = "Usable",
    revision: str = '<RevisionId Update="N" PreviousRevision="0">1</RevisionId>',
    management: str = "",
    identifier: str = "",
) -> str:
    identifier = identifier or (
        "<ProviderId>wire.example</ProviderId><DateId>20250610</DateId>"
        f"<NewsItemId>item-1</NewsItemId>{revision}"
        "<PublicIdentifier>urn:newsml:wire.example:20250610:item-1:1"
        "</PublicIdentifier>"
    )
    component = component or (
        "<ContentItem><MediaType FormalName='Text'/><DataContent>"
        "<p>Text.</p></DataContent></ContentItem>"
    )
    return (
        f"<NewsItem><Identification><NewsIdentifier>{identifier}</NewsIdentifier>"
        "<NameLabel>story-label</NameLabel></Identification>"
        "<NewsManagement><NewsItemType FormalName='News'/>"
        "<FirstCreated>20250610T070000Z</FirstCreated>"
        "<ThisRevisionCreated>20250610T093000+0200</ThisRevisionCreated>"
        f"<Status FormalName='{status}'/>{management}</NewsManagement>"
        f"<NewsComponent><NewsLines>{lines}</NewsLines>{component}</NewsComponent>"
        "</NewsItem>"
    )


def newsml(*items: str, envelope: str = "", encoding: str = "utf-8") -> bytes:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<NewsML Version="1.2">'
        f"<NewsEnvelope><DateAndTime>20250610T093000Z</DateAndTime>{envelope}"
        f"</NewsEnvelope>{''.join(items)}</NewsML>"
    ).encode()


def only_item(data: bytes):
    feed = parse(data)
    assert feed.format == "newsml12"
    assert len(feed.items) == 1, feed.skipped
    return feed.items[0]


# -- hand-written documents -------------------------------------------------------


def test_news_item_fills_every_field():
    """Identification, management, NewsLines and metadata map onto the item."""
    component = """
      <AdministrativeMetadata><Provider><Party FormalName="XW"/></Provider>
        <Creator><Party FormalName="Creator Name"/></Creator></AdministrativeMetadata>
      <DescriptiveMetadata><Language FormalName="EN"/>
        <SubjectCode><SubjectMatter FormalName="04000000"/></SubjectCode>
        <Location HowPresent="Origin"><Property FormalName="Country" Value="KEN"/>
          <Property FormalName="City" Value="Nairobi"/></Location>
        <Property FormalName="Keyword" Value="floods"/>
      </DescriptiveMetadata>
      <NewsComponent><Role FormalName="Main"/>
        <ContentItem><MediaType FormalName="Text"/><Format FormalName="NITF3.1"/>
          <DataContent><nitf><body><body.content><p>One.</p><hl2>Sub</hl2>
          </body.content></body></nitf></DataContent></ContentItem>
      </NewsComponent>
      <NewsComponent><Role FormalName="Photo"/>
        <NewsLines><HeadLine>A caption</HeadLine><CreditLine>Photo</CreditLine>
        </NewsLines>
        <ContentItem Href="https://x.example/s.jpg"><MimeType FormalName="image/jpeg"/>
          <Characteristics><Property FormalName="PixelWidth" Value="100"/>
          </Characteristics></ContentItem>
        <ContentItem Href="https://x.example/l.jpg"><MimeType FormalName="image/jpeg"/>
          <Characteristics><Property FormalName="PixelWidth" Value="900"/>
          </Characteristics></ContentItem>
      </NewsComponent>"""
    lines = """<HeadLine>Floods close roads</HeadLine><SubHeadLine>Rain to go on
      </SubHeadLine><ByLine>By Jane Doe</ByLine><DateLine>NAIROBI, June 10</DateLine>
      <CopyrightLine>(c) 2025 XW</CopyrightLine><SlugLine>KENYA-FLOODS</SlugLine>"""
    data = newsml(
        news_item(
            lines=lines,
            component=component,
            management="<Urgency FormalName='3'/>",
        )
    )
    item = only_item(data)
    assert item.guid == "urn:newsml:wire.example:20250610:item-1"
    assert item.version == "1"
    assert item.headline == "Floods close roads"
    assert item.summary == "Rain to go on"
    assert item.byline == "By Jane Doe"
    assert item.dateline == "NAIROBI, June 10"
    assert item.copyright == "(c) 2025 XW"
    assert item.slug == "KENYA-FLOODS"
    assert item.language == "en"
    assert item.urgency == 3
    assert item.first_created == utc(2025, 6, 10, 7, 0)
    assert item.published == item.updated == utc(2025, 6, 10, 7, 30)
    assert item.subjects == ["subj:04000000"]
    assert item.places == ["KEN", "Nairobi"]
    assert item.keywords == ["floods"]
    assert item.provider == "XW"
    assert item.signal == Signal.NEW
    assert "<hl2>Sub</hl2>" in item.body_html
    assert [(m.url, m.caption, m.credit) for m in item.media] == [
        ("https://x.example/l.jpg", "A caption", "Photo")
    ]


@pytest.mark.parametrize(
    ("status", "update", "signal"),
    [
        pytest.param("Canceled", "N", Signal.KILL, id="canceled"),
        pytest.param("Withheld", "N", Signal.KILL, id="withheld"),
        pytest.param("Usable", "U", Signal.UPDATE, id="update-U"),
        pytest.param("Usable", "A", Signal.UPDATE, id="update-A"),
        pytest.param("Usable", "N", Signal.NEW, id="new"),
    ],
)
def test_status_and_revision_update_give_the_signal(status, update, signal):
    """Status Canceled/Withheld kill; RevisionId Update A/U marks an update."""
    revision = f'<RevisionId Update="{update}" PreviousRevision="1">2</RevisionId>'
    item = only_item(newsml(news_item(status=status, revision=revision)))
    assert item.signal == signal
    assert item.version == "2"


def test_guid_is_the_same_for_every_revision():
    """The guid leaves out the RevisionId, so revisions are versions of one item."""
    first = only_item(newsml(news_item()))
    revision = '<RevisionId Update="N" PreviousRevision="1">2</RevisionId>'
    second = only_item(newsml(news_item(revision=revision)))
    assert first.guid == second.guid
    assert (first.version, second.version) == ("1", "2")


def test_public_identifier_alone_is_stripped_of_its_revision():
    """Without the id parts, the PublicIdentifier minus ":2A" is the guid."""
    identifier = "<PublicIdentifier>urn:newsml:x.org:2025:abc:2A</PublicIdentifier>"
    item = only_item(newsml(news_item(identifier=identifier)))
    assert item.guid == "urn:newsml:x.org:2025:abc"


def test_embargo_from_status_will_change():
    """StatusWillChange/DateAndTime is the end of the embargo."""
    management = (
        "<StatusWillChange><FutureStatus FormalName='Usable'/>"
        "<DateAndTime>20250611T000100+0100</DateAndTime></StatusWillChange>"
    )
    item = only_item(newsml(news_item(status="Embargoed", management=management)))
    assert item.embargoed_until == utc(2025, 6, 10, 23, 1)


def test_escaped_html_and_plain_text_contents():
    """CDATA HTML is body markup; plain text DataContent is body_text."""
    html = (
        "<ContentItem><Format FormalName='HTML'/>"
        "<DataContent><![CDATA[<P>Para.</P>]]></DataContent></ContentItem>"
    )
    assert only_item(newsml(news_item(component=html))).body_html == "<P>Para.</P>"
    text = (
        "<ContentItem><MediaType FormalName='Text'/>"
        "<DataContent>\n  Line one.\n  Line two.\n</DataContent></ContentItem>"
    )
    item = only_item(newsml(news_item(component=text)))
    assert item.body_text == "Line one.\nLine two."
    assert item.body_html == ""


def test_markup_and_plain_text_parts_are_both_kept():
    """A text part beside a markup part is escaped into a paragraph, not lost."""
    parts = (
        "<ContentItem><Format FormalName='HTML'/>"
        "<DataContent><![CDATA[<p>First.</p>]]></DataContent></ContentItem>"
        "<ContentItem><MediaType FormalName='Text'/>"
        "<DataContent>x &lt; y</DataContent></ContentItem>"
    )
    item = only_item(newsml(news_item(component=parts)))
    assert item.body_html == "<p>First.</p>\n<p>x &lt; y</p>"


def test_photo_news_item_is_skipped_with_reason():
    """A NewsItem holding only a picture is not text: skipped, with the reason."""
    photo = (
        "<ContentItem Href='https://x.example/p.jpg'><MediaType FormalName='Photo'/>"
        "<MimeType FormalName='image/jpeg'/></ContentItem>"
    )
    feed = parse(newsml(news_item(component=photo), news_item()))
    assert len(feed.items) == 1
    assert feed.skipped == [
        ("urn:newsml:wire.example:20250610:item-1", "photo item, not text")
    ]


def test_headline_falls_back_to_name_label_and_priority_to_envelope():
    """No HeadLine: the NameLabel; no Urgency: the envelope's Priority."""
    data = newsml(news_item(lines=""), envelope="<Priority FormalName='2'/>")
    item = only_item(data)
    assert item.headline == "story-label"
    assert item.slug == "story-label"
    assert item.urgency == 2


def test_latin_1_document_comes_out_as_unicode():
    """ISO-8859-1 bytes with their declaration decode to the right accents."""
    text = newsml(
        news_item(lines="<HeadLine>Décès à Strasbourg</HeadLine>"),
        encoding="iso-8859-1",
    ).decode()
    item = only_item(text.encode("iso-8859-1"))
    assert item.headline == "Décès à Strasbourg"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"<NewsML><NewsItem>", "malformed XML", id="truncated"),
        pytest.param(b"<nitf/>", "expected <NewsML>", id="wrong-root"),
        pytest.param(
            b"<NewsML><NewsEnvelope/></NewsML>", "without a NewsItem", id="empty"
        ),
    ],
)
def test_malformed_or_foreign_documents_raise_parse_error(data, message):
    """Bytes that are not a NewsML 1.2 document raise ParseError saying why."""
    with pytest.raises(ParseError, match=message):
        parse(data)


def test_item_without_component_is_skipped():
    """A NewsItem with no NewsComponent (a partial <Update>) is skipped, not fatal."""
    item = news_item()
    start = item.index("<NewsComponent>")
    partial = item[:start] + "<Update/></NewsItem>"
    feed = parse(newsml(partial, news_item()))
    assert len(feed.items) == 1
    assert feed.skipped[0][1] == "partial update (<Update>), not a whole item"


# -- the corpus ---------------------------------------------------------------------


def test_corpus_list_is_complete(corpus):
    """Every NewsML 1.2 corpus file is in this test's list, so none goes untested."""
    found = sorted(
        str(p.relative_to(corpus / NEWSML_DIR))
        for p in (corpus / NEWSML_DIR).rglob("*")
        if p.is_file()
    )
    assert found == sorted(CORPUS_FILES)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_parses_to_one_dated_item(corpus, name):
    """Every corpus file gives one item with a guid, a headline, text and UTC dates."""
    item = only_item(read(corpus, name))
    assert item.guid.startswith("urn:newsml:") and item.headline
    assert item.body_html
    for when in (item.first_created, item.published, item.updated):
        assert when is not None and when.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_is_detected_as_newsml12(corpus, name):
    """detect_format recognises each corpus file as NewsML 1.2 from its bytes."""
    assert detect_format(read(corpus, name)) == "newsml12"


def test_corpus_afp_latin_1_label_with_utf_8_accents(corpus):
    """AFP's afp20.xml says ISO-8859-1 but is UTF-8: accents come out right."""
    item = only_item(read(corpus, "superdesk-fixtures/afp20.xml"))
    assert item.guid == "urn:newsml:afp.com:20240710:240710125902.qpsp2jzk"
    assert item.headline == (
        "Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée"
    )
    assert "Ã" not in item.body_html and "opératrice" in item.body_html
    assert item.dateline == "Strasbourg, 10 juil 2024 (AFP)"
    assert item.slug == "procès-santé-secours"
    assert item.copyright == "© 2024 AFP"
    assert item.provider == "AFP"
    assert item.language == "fr"
    assert item.published == utc(2024, 7, 10, 12, 59, 2)


def test_corpus_afp_sample_with_nitf_body(corpus):
    """AFP sample: NITF body, urgency, creator as byline, subjects, places."""
    item = only_item(
        read(corpus, "iptc-ninjs-xslt-samples/afp.com_newsml1.2_sample.xml")
    )
    assert item.guid == "urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71"
    assert item.headline == (
        "Israel strikes key Hamas targets as UN Security Council to meet"
    )
    assert item.urgency == 4
    assert item.byline == "Adel Zaanoun with Guillaume Lavallee in Jerusalem"
    assert item.subjects[:2] == ["subj:16000000", "subj:16002000"]
    assert item.places == ["PSE", "Gaza City"]
    assert item.keywords[:3] == ["Israel", "Palestinians", "conflict"]
    assert item.slug == "Israel-Palestinians-conflict"
    assert "<hl2>- Media offices destroyed -</hl2>" in item.body_html
    assert item.first_created == utc(2021, 5, 16, 8, 6, 25)


def test_corpus_ana_cdata_html_and_date_only_dateline(corpus):
    """ANA-MPA: CDATA HTML body, topic codes, date-only dateline replaced by city."""
    item = only_item(read(corpus, "superdesk-fixtures/ana1.xml"))
    assert item.guid == "urn:newsml:ana-mpe.gr:20180404:19336333"
    assert item.headline == "Wage employment balance positive in Jan-March"
    assert item.body_html.startswith("<P>Wage employment")
    assert item.summary.startswith("Wage employment in the private sector grew")
    assert item.subjects == ["subj:09003000", "subj:09003002", "subj:04008004"]
    assert item.dateline == "Athens"
    assert item.places == ["GRC", "Athens"]
    assert item.urgency == 5
    assert item.language == "en"
    assert item.provider == "ΑΠΕ-ΜΠΕ"
    assert item.published == utc(2018, 4, 4, 14, 58, 59)


def test_corpus_business_wire_release_with_photos(corpus):
    """Business Wire: nested components, body role, photos as media, no logo."""
    name = "iptc-ninjs-newsml-samples/businesswire-newsml-20130515006361.xml"
    item = only_item(read(corpus, name))
    assert item.guid == "urn:newsml:businesswire.com:20010714:20130515006361"
    assert item.headline.startswith("Dell Redefines Workstation Computing")
    assert item.dateline == "ROUND ROCK, Texas"
    assert item.slug == "TX-DELL"
    assert item.provider == "Business Wire"
    assert item.copyright == "Copyright Business Wire 2013"
    assert item.summary.startswith("Offering powerful workstation performance")
    assert item.published == utc(2013, 5, 16, 4, 1)
    assert [m.url.rsplit("/", 1)[-1] for m in item.media] == ["00095.jpg", "0025lf.jpg"]
    assert all("Logo" not in m.url for m in item.media)
    assert ".bwalignc" not in item.body_html  # the stylesheet is not body text
    assert "Texas" in item.places


def test_corpus_business_wire_chinese_release(corpus):
    """Business Wire in Chinese: headline and language come through."""
    name = "iptc-ninjs-newsml-samples/businesswire-newsml-20130605006126.xml"
    item = only_item(read(corpus, name))
    assert item.headline == "Cambrios被Gartner評選為「最酷供應商」"
    assert item.language == "zh"
    assert item.dateline == "加州桑尼維爾"


def test_corpus_business_wire_video_component(corpus):
    """Business Wire: a Video component gives a video MediaRef."""
    name = "iptc-ninjs-newsml-samples/businesswire-newsml-20130731006140.xml"
    item = only_item(read(corpus, name))
    kinds = {m.kind for m in item.media}
    assert "video" in kinds
    assert item.slug == "MO-APPLEBEE’S"
