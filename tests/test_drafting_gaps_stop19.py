"""Weak points the last review listed: slugs that lose a decimal point, opinion and
blog pieces typed as news in their structured data, Thai copy's standfirst, the
admin's CRLF saves, and an agency update whose news the standfirst left out."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from urllib.parse import unquote

import extruct
import pytest
from django.contrib import admin
from django.forms import Textarea
from django.test import RequestFactory
from django.urls import reverse

from tests import test_desk_crlf as crlf
from tests import test_distribution_links as shared
from tests import test_overrides as overrides
from tests.test_distribution_links import SITE_URL, make_article
from tests.test_distribution_meta import head_of, meta_tags
from tests.test_overrides import change_form_data
from wiredesk.desk.models import Article, Author, slug_of
from wiredesk.drafting import standfirst

# The fixtures: a site with articles; an agency's wire, the demo's Zambia story
# drafted from it (send_update() sends its UPDATE 1); a superuser signed in.
newsroom = shared.newsroom
wire = overrides.wire
agency_article = crlf.agency_article
editor = overrides.editor

pytestmark = pytest.mark.django_db


# --- JSON-LD type of each kind of piece ------------------------------------------


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Article.Kind.NEWS, "NewsArticle"),
        (Article.Kind.OPINION, "OpinionNewsArticle"),
        (Article.Kind.BLOG, "BlogPosting"),
        (Article.Kind.INTERVIEW, "NewsArticle"),
    ],
)
def test_structured_data_says_what_kind_of_piece_it_is(newsroom, kind, schema_type):
    """A search engine reads an opinion column as an OpinionNewsArticle and a blog
    post as a BlogPosting, not as reporting; an interview, for which schema.org
    has no type, stays a NewsArticle. Shared links say "article" for all."""
    piece = make_article(
        "Why rural clinics need steady power",
        published_ago=timedelta(hours=1),
        kind=kind,
        author=newsroom.opinion.author,
    )
    html = head_of(piece)
    found = extruct.extract(html, base_url=SITE_URL, syntaxes=["json-ld"])["json-ld"]
    assert [d["@type"] for d in found] == [schema_type]
    assert found[0]["headline"] == piece.headline
    assert meta_tags(html)["og:type"] == "article"


# --- Slugs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        (
            "Zambia gets $1.3 million to fight cholera",
            "zambia-gets-1-3-million-to-fight-cholera",
        ),
        ("Inflation eases to 2.3% in October", "inflation-eases-to-2-3-in-october"),
        ("Floods cut off 1,000 homes", "floods-cut-off-1000-homes"),
        ("Biden–Xi talks end at 3:30 pm", "biden-xi-talks-end-at-3-30-pm"),
        ("नेपाल में बाढ़ से 1.3 लाख लोग प्रभावित", "नेपाल-में-बाढ़-से-1-3-लाख-लोग-प्रभावित"),
    ],
)
def test_the_address_keeps_the_headline_s_figures_and_words(client, headline, slug):
    """ "$1.3 million" is "1-3-million" in the address, not "13-million" (a tenfold
    figure); a thousands separator goes; an en dash parts words; Hindi keeps its
    vowel signs. The page is served at that address."""
    article = make_article(headline, published_ago=timedelta(minutes=5))
    url = article.get_absolute_url()
    assert article.slug == slug
    assert unquote(url) == f"/news/{article.pk}/{slug}/"
    response = client.get(url)
    assert response.status_code == 200
    assert headline.split()[0] in response.content.decode()


def test_a_published_article_keeps_the_address_it_was_published_at(client):
    """An article published under the old slug ("...-13-million") keeps it when it
    is saved again with the same headline (a correction, an agency update): links
    already shared still reach the page without a redirect. A new headline gives a
    new address, and the old one redirects to it."""
    article = make_article(
        "Zambia gets $1.3 million to fight cholera", published_ago=timedelta(hours=1)
    )
    Article.objects.filter(pk=article.pk).update(
        slug="zambia-gets-13-million-to-fight-cholera"
    )
    article = Article.objects.get(pk=article.pk)
    old = article.get_absolute_url()
    article.correction_note = "An earlier version misspelt a minister's name."
    article.save()
    assert Article.objects.get(pk=article.pk).slug == (
        "zambia-gets-13-million-to-fight-cholera"
    )
    assert client.get(old).status_code == 200

    article.headline = "Zambia gets $2.5 million to fight cholera"
    article.save()
    assert article.slug == "zambia-gets-2-5-million-to-fight-cholera"
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_a_corrected_figure_in_a_published_headline_corrects_the_address(client):
    """A published "$13 million" corrected to "$1.3 million" gets the corrected
    address, although the old slug function wrote both alike; and a toll corrected
    back and forth ends at the address of the headline shown."""
    article = make_article(
        "Zambia gets $13 million to fight cholera", published_ago=timedelta(hours=1)
    )
    article = Article.objects.get(pk=article.pk)
    article.headline = "Zambia gets $1.3 million to fight cholera"
    article.save()
    assert article.slug == "zambia-gets-1-3-million-to-fight-cholera"
    for headline, slug in (
        ("Toll 2.5 million", "toll-2-5-million"),
        ("Toll 25 million", "toll-25-million"),
        ("Toll 2.5 million", "toll-2-5-million"),
    ):
        article = Article.objects.get(pk=article.pk)
        article.headline = headline
        article.save()
        assert Article.objects.get(pk=article.pk).slug == slug
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "headline",
    ["中国" * 90, "ก" * 190, "a" * 190, "Talks on " + "x" * 180],
    ids=["chinese", "thai", "one-token", "long-word"],
)
def test_a_long_headline_without_spaces_saves_with_a_slug_that_fits(headline):
    """A headline of unspaced script or one long token gets a slug that fits its
    column (PostgreSQL refused the save: "value too long")."""
    article = make_article(headline, published_ago=timedelta(minutes=5))
    assert 0 < len(Article.objects.get(pk=article.pk).slug) <= 100
    author = Author.objects.create(name=headline[:120])
    assert 0 < len(author.slug) <= 120


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("円安 １．３兆円", "円安-1-3兆円"),
        ("نمو ١٫٣ مليار", "نمو-١-٣-مليار"),
        ("İstanbul talks resume", "istanbul-talks-resume"),
    ],
    ids=["full-width", "arabic-decimal", "dotted-capital-i"],
)
def test_figures_in_other_scripts_keep_their_decimal_point(headline, slug):
    """Full-width and Arabic decimal points are points too (the tenfold error of
    "13兆円"), and "İstanbul" is "istanbul", not an i with a combining dot."""
    assert slug_of(headline, 100) == slug


# --- The admin's change form and CRLF -------------------------------------------


def as_admin_posts(client, article: Article, **changes) -> None:
    """Post the admin change form as a browser does: every field as rendered, each
    textarea's newlines sent as CRLF."""
    form_class = admin.site._registry[Article].get_form(_request(client), article)
    textareas = {
        name
        for name, field in form_class(instance=article).fields.items()
        if isinstance(field.widget, Textarea)
    }
    data = change_form_data(article, client.user) | changes
    for name in textareas:
        if isinstance(data.get(name), str):
            data[name] = data[name].replace("\r\n", "\n").replace("\n", "\r\n")
    url = reverse("admin:desk_article_change", args=[article.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def _request(client):
    request = RequestFactory().get("/")
    request.user = client.user
    return request


def test_saving_an_article_unchanged_in_the_admin_keeps_it_following_the_agency(
    editor, agency_article
):
    """Opened and saved in the admin without a change (the browser sends CRLF):
    no field becomes the editor's, the text is stored as it was, and the agency's
    UPDATE reaches the body, headline and standfirst."""
    article = agency_article
    as_admin_posts(editor, article)
    saved = Article.objects.get(pk=article.pk)
    assert saved.overridden_fields == []
    assert not saved.desk_edited
    assert saved.body_html == article.body_html and "\r" not in saved.body_html
    assert saved.changed_at == article.changed_at

    after = article.send_update()
    assert "31" in after.body_html
    assert after.headline == after.story.draft.headline
    assert after.standfirst == after.story.draft.standfirst
    assert not after.pending_update


def test_a_word_changed_in_the_admin_is_the_editor_s(editor, agency_article):
    """A real change sent with CRLF newlines sticks through the agency's update."""
    article = agency_article
    standfirst = article.standfirst.replace("cholera", "CHOLERA", 1)
    as_admin_posts(editor, article, standfirst=standfirst + "\n")
    saved = Article.objects.get(pk=article.pk)
    assert saved.overridden_fields == ["standfirst"]
    after = article.send_update()
    assert after.standfirst == standfirst
    assert "31" in after.body_html  # the untouched body still follows


def test_an_article_with_a_hindi_headline_saves_in_the_admin(editor):
    """The slug keeps Devanagari vowel signs, which the admin's slug field would
    refuse: it is shown, not edited (save() derives it from the headline)."""
    article = make_article(
        "नेपाल में बाढ़ से 1.3 लाख लोग प्रभावित", published_ago=timedelta(hours=1)
    )
    as_admin_posts(editor, article, lead_image_caption="बाढ़")
    saved = Article.objects.get(pk=article.pk)
    assert saved.lead_image_caption == "बाढ़"
    assert saved.slug == article.slug


# --- Standfirsts of scripts without a full stop -------------------------------------

# Thai has no full stop: a space ends a sentence or a clause. Invented copy.
THAI_LEDE = (
    "ธนาคารโลกอนุมัติเงินกู้ 1.3 ล้านดอลลาร์ให้แก่แซมเบีย "
    "เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากภัยแล้งรุนแรงในปีนี้"
)
THAI = (
    f"{THAI_LEDE} "
    "รัฐมนตรีว่าการกระทรวงการคลังของแซมเบียกล่าวว่าเงินทุนดังกล่าวจะถูกใช้ในการซื้อ"
    "เมล็ดพันธุ์และปุ๋ยสำหรับฤดูเพาะปลูกหน้า "
    "ภัยแล้งครั้งนี้ทำให้ผลผลิตข้าวโพดลดลงเกือบครึ่งหนึ่งเมื่อเทียบกับปีที่แล้ว "
    "เจ้าหน้าที่ธนาคารโลกระบุว่าจะมีการติดตามการใช้จ่ายเงินกู้อย่างใกล้ชิด "
    "องค์การอาหารโลกประเมินว่ามีประชาชนมากกว่าหกล้านคนในแซมเบียที่ต้องการความช่วยเหลือ"
    "ด้านอาหาร\n\n"
    "นักวิเคราะห์กล่าวว่าเงินกู้ครั้งนี้เป็นเพียงส่วนหนึ่งของความช่วยเหลือที่ประเทศต้องการ "
    "รัฐบาลแซมเบียได้ประกาศภาวะภัยพิบัติแห่งชาติเมื่อต้นปี"
)


@pytest.mark.parametrize("budget", [60, 35])
def test_a_thai_standfirst_is_whole_clauses_within_the_budget(budget):
    """Thai copy was one "sentence" cut mid-word at the budget ("...รัฐมนตรีว่…").
    Its standfirst is now whole clauses of the copy (a clause opening "เพื่อ", "in
    order to", kept with its main clause), within the budget, with no full stop
    or ellipsis added: Thai has neither."""
    summary = standfirst.summarise(THAI, budget)
    clauses = set(THAI.replace("\n\n", " ").split(" "))
    assert summary and not summary.endswith(("…", ".", "。"))
    assert standfirst.length(summary) <= budget
    assert all(part in clauses for part in summary.split(" ") if part)
    if budget == 60:
        assert summary == THAI_LEDE  # the news: the loan, and what it is for


def test_thai_clauses_end_at_spaces_but_not_inside_a_sentence():
    """A clause opening with "แต่" (but) or "เพื่อ" (in order to) stays with its
    sentence; "แต่งตั้ง" (appoints) and "เพื่อนบ้าน" (neighbours), which only begin
    with those letters, open their own; "กรุงเทพฯ" (an abbreviation) ends none."""
    assert standfirst.sentences(
        "นายกรัฐมนตรีเดินทางถึงกรุงเทพฯ เมื่อวันจันทร์ "
        "แต่งตั้งรัฐมนตรีใหม่สามคน แต่ไม่ได้ให้สัมภาษณ์ "
        "เพื่อนบ้านของไทยต่างจับตา เพื่อดูท่าทีของรัฐบาล"
    ) == [
        "นายกรัฐมนตรีเดินทางถึงกรุงเทพฯ เมื่อวันจันทร์",
        "แต่งตั้งรัฐมนตรีใหม่สามคน แต่ไม่ได้ให้สัมภาษณ์",
        "เพื่อนบ้านของไทยต่างจับตา เพื่อดูท่าทีของรัฐบาล",
    ]


@pytest.mark.parametrize("budget", range(3, 16))
def test_an_overlong_thai_clause_is_cut_between_syllables(budget):
    """One clause longer than the budget is cut within it, never after a vowel
    written before its consonant ("เ") nor between a consonant and its vowel sign
    or tone mark: what is left of the last syllable reads as written."""
    run = THAI_LEDE.replace(" ", "")
    summary = standfirst.summarise(run, budget)
    kept = summary.removesuffix("…")
    assert summary.endswith("…") and run.startswith(kept)
    assert standfirst.length(kept) <= budget
    assert kept[-1] not in "เแโใไ"
    assert unicodedata.category(run[len(kept)])[0] != "M"
    assert run[len(kept)] not in "ะาำ"


# Invented copy of scripts with their own full stop: Amharic "።", Burmese "။",
# Khmer "។". Each first sentence fits a budget the whole copy does not.
AMHARIC = (
    "መንግስት አዲስ የውሃ ፕሮጀክት ይፋ አደረገ። ባለስልጣናት እንዳሉት ፕሮጀክቱ በሶስት ዓመታት ውስጥ "
    "ለሁለት ሺህ መንደሮች ንጹህ የመጠጥ ውሃ ያቀርባል። ገበሬዎችም የውሃ ፕሮጀክቱ ተጠቃሚ ይሆናሉ "
    "ተብሏል። የክልሉ መንግስት ለውሃ ፕሮጀክቱ ገንዘብ እንደሚሰጥ አስታውቋል።"
)
BURMESE = (
    "အစိုးရသည် ကျေးလက်ရေပေးရေး စီမံကိန်းအသစ်ကို ကြေညာခဲ့သည်။ စီမံကိန်းသည် "
    "သုံးနှစ်အတွင်း ကျေးရွာနှစ်ထောင်သို့ သန့်ရှင်းသောသောက်ရေ ပေးမည်ဟု "
    "အရာရှိများက ပြောသည်။ တိုင်းအစိုးရက ရေပေးရေးစီမံကိန်းအတွက် "
    "ငွေကြေးထောက်ပံ့မည်ဟု ဆိုသည်။"
)
KHMER = (
    "រដ្ឋាភិបាលបានប្រកាសគម្រោងផ្គត់ផ្គង់ទឹកស្អាតថ្មីសម្រាប់ជនបទ។ "
    "មន្ត្រីបាននិយាយថាគម្រោងនេះនឹងផ្គត់ផ្គង់ទឹកស្អាតដល់ភូមិពីរពាន់ក្នុងរយៈពេលបីឆ្នាំ។ "
    "រដ្ឋាភិបាលខេត្តនឹងផ្តល់ថវិកាសម្រាប់គម្រោងផ្គត់ផ្គង់ទឹក។"
)


@pytest.mark.parametrize(
    ("copy", "stop", "budget"),
    [(AMHARIC, "።", 20), (BURMESE, "။", 40), (KHMER, "។", 40)],
    ids=["amharic", "burmese", "khmer"],
)
def test_amharic_burmese_and_khmer_stops_end_sentences(copy, stop, budget):
    """The standfirst is whole sentences ending in the script's own full stop,
    not the whole copy cut mid-sentence with an ellipsis (nor "።." at the end)."""
    summary = standfirst.summarise(copy, budget)
    assert summary.startswith(copy.split(stop)[0] + stop)
    assert summary.endswith(stop) and not summary.endswith(f"{stop}.")
    assert standfirst.length(summary) <= budget
    assert all(f"{part.strip()}{stop}" in copy for part in summary.split(stop)[:-1])


# --- An agency's update and the standfirst ------------------------------------------


def test_the_standfirst_carries_the_news_of_the_agency_s_update(agency_article):
    """The demo's Zambia story: the agency's UPDATE 1 keeps its lede and gives the
    new toll (31 deaths, 1,412 cases) in its second paragraph. The headline said
    "deaths rise to 31" over a standfirst without a figure, the same as the first
    version's; now the standfirst gives the new figures."""
    article = agency_article
    assert "31" not in article.standfirst
    after = article.send_update()
    assert "31" in after.headline
    assert "31" in after.standfirst and "1,412" in after.standfirst
    assert after.standfirst == after.story.draft.standfirst
    assert standfirst.length(after.standfirst) <= standfirst.configured_words()
    body = standfirst.story_sentences(after.story.primary_item.body_text)
    assert all(s in body for s in standfirst.sentences(after.standfirst))


def test_an_editor_s_standfirst_stays_through_the_update(client, agency_article):
    """An editor who wrote the standfirst keeps it: the update's figures are
    offered beside it, not put in its place."""
    from django.contrib.auth import get_user_model

    from tests.test_desk_crlf import save_in_desk
    from tests.test_desk_fixtures import make_user

    article = agency_article
    client.force_login(make_user(get_user_model(), "eddie", "editor"))
    mine = "Cholera has spread from Lusaka's townships to outlying districts."
    save_in_desk(client, article, standfirst=mine)
    after = article.send_update()
    assert after.standfirst == mine
    assert "31" in after.pending_update["standfirst"]
    assert "31" in after.body_html  # the untouched body follows the agency


def test_a_re_issue_under_a_new_guid_brings_its_news_to_the_standfirst(
    django_capture_on_commit_callbacks,
):
    """The production path with an agency that re-issues its story under a new id
    ("UPDATE 1-", Reuters' way), the demo's Zambia copy: the re-issue's new toll
    is in the standfirst."""
    from tests.test_desk_agency import BASE, deliver
    from wiredesk.demo import content
    from wiredesk.ingest.models import Source
    from wiredesk.ingest.wire import ParsedItem

    (zambia,) = [i for i in content.ITEMS if i.guid == content.UPDATED_GUID]
    source = Source.objects.create(
        name="Coastal wire",
        slug="coastal",
        agency="Coastal News Service",
        kind=Source.Kind.FILES,
        enabled=False,
        auto_publish=True,
    )
    articles = [
        deliver(
            source,
            ParsedItem(
                guid=f"urn:coastal:cholera:{n}",
                headline=version.headline,
                body_text="\n\n".join(version.paragraphs),
                first_created=BASE,
            ),
            BASE + timedelta(hours=n),
            django_capture_on_commit_callbacks,
        )
        for n, version in enumerate(zambia.versions)
    ]
    first, after = articles
    assert after.pk == first.pk
    assert "31" not in first.standfirst
    assert "31" in after.standfirst and "1,412" in after.standfirst


# An update's news that does not fit beside the lede.
LEDE = (
    "Kenya's health ministry has opened three more measles clinics in Nairobi as an "
    "outbreak that began in crowded settlements spreads to the coast and the lake "
    "region, officials said on the radio."
)
NAMELESS_NEWS = (
    "Deaths have risen to 44 and suspected cases to 2,310, up from 29 deaths and "
    "1,650 cases a week ago, the director of disease surveillance told reporters, "
    "citing the evening bulletin and reports gathered from district hospitals."
)
NAMED_NEWS = (
    "Kenya's measles deaths have risen to 44 and suspected cases to 2,310, up from "
    "29 deaths and 1,650 cases a week ago, the director of disease surveillance "
    "told reporters, citing the evening bulletin and district hospital reports."
)
OTHER = (
    "Nurses urged parents to bring children under five for a second dose at any "
    "clinic, free of charge, before the school term begins next month.",
    "The ministry said vaccine stocks would last until the end of the year.",
)


def _update(news: str) -> tuple[str, str]:
    earlier = "\n\n".join((LEDE, "Deaths stand at 29 and cases at 1,650.", *OTHER))
    later = "\n\n".join((LEDE, news, *OTHER))
    return earlier, later


def test_an_update_s_news_too_long_for_the_lede_never_leaves_out_who_and_where():
    """When the lede and the update's news do not fit in the budget together, news
    that names neither the place nor anyone the lede names does not push the lede
    out: the standfirst would say "Deaths have risen to 44" of nowhere (the demo
    review's Zambia standfirst, which never said "Zambia" nor "cholera")."""
    earlier, later = _update(NAMELESS_NEWS)
    assert standfirst.length(LEDE) + standfirst.length(NAMELESS_NEWS) > 60
    summary = standfirst.summarise(later, 60, earlier=earlier)
    assert summary.startswith("Kenya's health ministry")
    assert "Kenya" in summary and standfirst.length(summary) <= 60


def test_an_update_s_news_that_names_the_place_stands_in_for_the_lede():
    """News that tells where (it names what the lede names) leads the standfirst
    when it does not fit beside the lede."""
    earlier, later = _update(NAMED_NEWS)
    assert standfirst.length(LEDE) + standfirst.length(NAMED_NEWS) > 60
    summary = standfirst.summarise(later, 60, earlier=earlier)
    assert summary.startswith("Kenya's measles deaths have risen to 44")
    assert "2,310" in summary and standfirst.length(summary) <= 60


def test_in_copy_without_capitals_the_update_s_news_stands_in_only_by_a_shared_word():
    """Scripts without capitals have no names to match: news that shares a word
    with the lede may take its place, news that shares none may not."""
    lede = "नेपाल में बाढ़ से हज़ारों लोग बेघर हुए"
    shares = "बाढ़ से मरने वालों की संख्या 40 हुई"
    alone = "मरने वालों की संख्या 40 पहुँची"
    words = standfirst._content_words
    assert standfirst._tells_whom(shares, lede, words(shares), words(lede))
    assert not standfirst._tells_whom(alone, lede, words(alone), words(lede))
