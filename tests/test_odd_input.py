"""Odd-but-valid wire copy through story matching and drafting.

A development-news desk receives copy in Hindi, Arabic, Chinese and Japanese,
French and Spanish with accents, Turkish with its dotted and dotless i, and
old-style wire set in capitals. Items are stored as ingest stores them and placed
by ``clustering.assign``; drafts come from ``service.draft``. All copy here was
written for these tests.
"""

from __future__ import annotations

import pytest

from tests.test_drafting_save import story_of
from tests.test_story_versions import source, wire
from wiredesk.drafting import countries, dateline, headline, sectors, service
from wiredesk.drafting.models import Draft
from wiredesk.ingest.models import WireItem
from wiredesk.ingest.wire import ParsedItem
from wiredesk.stories import nearcopy, similarity
from wiredesk.stories.clustering import assign
from wiredesk.stories.models import StoryItem

# Four unrelated stories in scripts without capitals, each citing the year and a
# figure of 150, as copy of the year often does.
HINDI = (
    "बिहार में बाढ़ से हजारों लोग विस्थापित",
    "पटना, 5 मार्च - बिहार के उत्तरी जिलों में भारी बारिश के बाद आई बाढ़ से 2026 में "
    "अब तक हजारों परिवार बेघर हो गए हैं। राज्य आपदा प्रबंधन विभाग ने 150 राहत शिविर "
    "खोले हैं और नावों से लोगों को निकाला जा रहा है।",
)
ARABIC = (
    "مصر تعلن خطة جديدة لدعم المزارعين",
    "القاهرة، 4 مارس - أعلنت الحكومة المصرية عن خطة بقيمة 150 مليون دولار لدعم صغار "
    "المزارعين في دلتا النيل خلال عام 2026، وفق بيان لوزارة الزراعة. وتشمل الخطة "
    "قروضا ميسرة وبذورا محسنة.",
)
CHINESE = (
    "中国宣布新的农村供水计划",
    "北京3月3日电 中国政府周二宣布一项新的农村供水计划，将在2026年前为西部干旱地区的"
    "村庄修建150座水库。水利部表示，该计划将优先支持甘肃和宁夏。官员说，项目资金将由"
    "中央和地方共同承担。",
)
JAPANESE = (
    "日本政府、新たな防災計画を発表",
    "東京3月3日 日本政府は火曜日、南海トラフ地震に備えた新たな防災計画を発表した。"
    "2026年までに150カ所の避難施設を整備する。内閣府によると、沿岸の自治体を優先する。",
)


@pytest.mark.django_db
def test_unrelated_stories_in_uncased_scripts_stay_apart():
    """Copy in Hindi, Arabic, Chinese and Japanese gave the matcher nothing but its
    figures, so every such story of the year joined the first. Each is its own
    story, and another agency's telling still joins the right one."""
    kestrel, osprey = source("kestrel"), source("osprey")
    firsts = [
        wire(kestrel, f"k-{n}", *copy, hours=n)
        for n, copy in enumerate([HINDI, ARABIC, CHINESE, JAPANESE])
    ]
    stories = [assign(item) for item in firsts]
    assert len({story.pk for story in stories}) == 4

    retold = [
        (HINDI[0], HINDI[1].replace("नावों से", "सेना की नावों से")),
        (
            CHINESE[0].replace("新的", ""),
            CHINESE[1].replace("官员说，", "有关官员表示，"),
        ),
    ]
    for n, copy in enumerate(retold):
        item = wire(osprey, f"o-{n}", *copy, hours=5)
        assert assign(item) == stories[2 * n]
        assert StoryItem.objects.get(item=item).role == StoryItem.Role.SOURCE


def test_uncased_words_are_terms():
    """Words of scripts without capitals are terms, Chinese and Japanese by pairs
    of characters; the figures are not all an item is known by."""
    for title, body in (HINDI, ARABIC, CHINESE, JAPANESE):
        words = [t for t in similarity.terms(title, body) if t[0] not in "#y"]
        assert len(words) >= 10, title
    assert "供水" in similarity.terms(*CHINESE)
    assert "बाढ़" in similarity.terms(*HINDI)


def test_accented_and_unaccented_spellings_are_one_term():
    """Agencies write Sénégal and Senegal, İSTANBUL and Istanbul, IĞDIR and Iğdır:
    one term each, not a stub of the word cut at its first accent."""
    accented = similarity.terms(
        "Le Sénégal lance un programme d'électrification rurale",
        "DAKAR, 3 mars - Le gouvernement du Sénégal a lancé mardi un programme.",
    )
    assert "@senegal" in accented and "gal" not in accented
    assert "d'electrification" in accented
    turkish = similarity.terms(
        "İstanbul'da tatbikat",
        "Valilik, İSTANBUL ve IĞDIR illerinin programa dahil edildiğini söyledi. "
        "Istanbul ve Iğdır hazırlanıyor.",
    )
    assert "stanbul" not in turkish
    assert turkish["@istanbul"] == 2 and turkish["@igdir"] == 2


def test_arabic_vowel_marks_and_hamza_are_folded():
    """The same Arabic word written with or without short vowels is one term."""
    plain = similarity.terms("", "أعلنت الحكومة خطة")
    voweled = similarity.terms("", "أَعْلَنَتِ الحُكومةُ خطةً")
    assert len(plain) == 3 and set(plain) == set(voweled)


KENYA_MIXED = (
    "Kenya's parliament passes water bill",
    "NAIROBI, March 3 - Kenya's parliament passed a water bill on Tuesday that "
    "gives county governments control of rural supply schemes, after two years of "
    "debate. Water Minister Alice Wahome said the first funds would reach Turkana "
    "and Marsabit in June.",
)
KENYA_SHOUTED = (
    "KENYA PARLIAMENT PASSES WATER BILL",
    "NAIROBI, MARCH 3 - KENYA'S PARLIAMENT PASSED A WATER BILL ON TUESDAY GIVING "
    "COUNTY GOVERNMENTS CONTROL OF RURAL SUPPLY SCHEMES. WATER MINISTER ALICE "
    "WAHOME SAID FUNDS FOR BOREHOLES WOULD REACH TURKANA AND MARSABIT IN JUNE.",
)


def test_copy_set_in_capitals_knows_names_from_words():
    """Old-style wire in capitals: every word looked like a name ("@water",
    "@bill"), so it shared few terms with the same story in mixed case. Words
    news copy writes in lower case are words; the rest stay names."""
    shouted = similarity.terms(*KENYA_SHOUTED)
    assert {"@kenya", "@nairobi", "@turkana", "@marsabit"} <= set(shouted)
    assert {"water", "bill", "rural", "supply"} <= set(shouted)
    assert not {"@water", "@bill", "@rural"} & set(shouted)
    profile = similarity.StoryProfile()
    profile.add(similarity.fingerprint(*KENYA_SHOUTED))
    scorer = similarity.EntityAgreementScorer()
    assert scorer.score(similarity.fingerprint(*KENYA_MIXED), profile) > 0.5


@pytest.mark.django_db
def test_copy_set_in_capitals_joins_the_mixed_case_telling():
    """The shouted copy first, another agency's mixed-case telling an hour later:
    one story."""
    story = assign(wire(source("kestrel"), "k-1", *KENYA_SHOUTED))
    assert assign(wire(source("osprey"), "o-1", *KENYA_MIXED, hours=1)) == story


def test_a_page_of_chinese_without_breaks_is_read_to_the_lead_only():
    """A body of one long run of Chinese is read to the lead's length, not whole."""
    body = CHINESE[1].replace("\n", "") * 2000  # about 180,000 characters
    counts = similarity.terms(CHINESE[0], body)
    assert "供水" in counts
    assert sum(counts.values()) <= 2 * similarity.LEAD_WORDS


def test_chinese_and_hindi_copy_gets_a_near_copy_signature():
    """Chinese is cut into characters, so a short item has shingles enough for a
    signature, and a lightly edited copy estimates above the threshold; a Hindi
    word stays whole (Python's \\w alone would cut it at each vowel sign)."""
    edited = (CHINESE[0], CHINESE[1].replace("官员说，", "有关官员表示，"))
    first, second = nearcopy.signature(*CHINESE), nearcopy.signature(*edited)
    assert first is not None and second is not None
    assert nearcopy.estimate(first, second) >= nearcopy.THRESHOLD
    assert "ग्रामीण" in nearcopy.words("ग्रामीण जल योजना", "")


@pytest.mark.django_db
def test_a_lightly_edited_chinese_reissue_is_a_version():
    """The agency's own edited Chinese copy under a new guid is found as a
    near-copy: a version of its item, not a second telling."""
    kestrel = source("kestrel")
    story = assign(wire(kestrel, "k-1", *CHINESE))
    again = wire(
        kestrel,
        "k-1b",
        CHINESE[0],
        CHINESE[1].replace("官员说，", "有关官员表示，"),
        hours=1,
    )
    assert assign(again) == story
    assert StoryItem.objects.get(item=again).role == StoryItem.Role.VERSION


# -- drafting -------------------------------------------------------------------------

KENYA = (
    "NAIROBI, March 3 (Coastal) - Kenya's parliament passed a water bill on Tuesday "
    "that gives county governments control of rural supply schemes.\n\nThe law sets "
    "aside funds for boreholes in Kenya's dry northern counties, lawmakers said."
)


@pytest.mark.django_db
def test_copy_sent_without_a_headline_is_drafted_with_its_first_sentence():
    """An item whose headline was lost on the way (empty after sanitising) is
    drafted under its first sentence, not under a blank headline."""
    draft = service.draft(story_of(ParsedItem(guid="h1", headline="", body_text=KENYA)))
    assert draft.headline.startswith("Kenya's parliament passed a water bill")
    assert len(draft.headline) <= headline.MAX_LENGTH
    assert draft.country_id == "KE"


@pytest.mark.django_db
def test_an_item_with_nothing_to_draft_is_refused_by_name():
    """No headline and no body (an empty shell of a feed entry): a clear error
    naming the story and the item, not an empty draft for the desk."""
    story = story_of(ParsedItem(guid="shell-1", headline=" ", body_text=""))
    with pytest.raises(ValueError, match=r"shell-1.*neither a headline nor body"):
        service.draft(story)
    assert not Draft.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("copy", "country"),
    [
        (
            (
                "Perú declara emergencia por lluvias en el norte",
                "El Gobierno de Perú declaró el martes el estado de emergencia en "
                "seis regiones del norte del país tras las lluvias, informó el "
                "Ministerio de Defensa.",
            ),
            "PE",
        ),
        (
            (
                "Le Sénégal lance un programme d'électrification rurale",
                "Le gouvernement du Sénégal a lancé mardi un programme "
                "d'électrification rurale destiné à 2 000 villages, a annoncé le "
                "ministère de l'Énergie.",
            ),
            "SN",
        ),
    ],
)
def test_french_and_spanish_copy_is_placed_by_its_accented_country(copy, country):
    """Perú and Sénégal are Peru and Senegal: the draft has a country and an
    edition, not none."""
    title, body = copy
    draft = service.draft(
        story_of(ParsedItem(guid=f"acc-{country}", headline=title, body_text=body))
    )
    assert draft.country_id == country
    assert draft.edition_id != "global"


def test_a_runaway_body_is_placed_by_its_pages_not_by_its_appended_tables():
    """A 2 MB body (copy with megabytes of tables after it): its countries are
    those of its copy, and reading it takes milliseconds, not a second."""
    filler = "\n".join(["12.3 13.1 +0.8 9.8 10.2 +0.4"] * 2000)
    table = "\n".join(["Uganda 12.3 13.1 +0.8"] * 90_000)
    body = f"{dateline.strip(KENYA)}\n\n{filler}\n\n{table}"
    assert len(body) > 2_000_000
    assert countries.tag("Kenya passes water bill", body).countries == ["KE"]


@pytest.mark.django_db
def test_a_runaway_body_is_drafted_from_its_lead():
    """A 2 MB body (copy, then an annex of 40,000 rows): the standfirst and the
    country are the copy's. (Weighing every sentence of the annex took 1.3 s; the
    time is measured by bench/drafting, not asserted here.)"""
    tail = "\n\n".join(
        f"Table row {n} of the annex was updated on Tuesday." for n in range(40_000)
    )
    story = story_of(
        ParsedItem(guid="big-1", headline="Kenya passes water bill", body_text=KENYA)
    )
    service.draft(story)  # the gazetteer and the ranker loaded: not timed
    WireItem.objects.filter(pk=story.primary_item_id).update(
        body_text=f"{KENYA}\n\n{tail}"
    )
    story.refresh_from_db()
    draft = service.draft(story)
    assert draft.standfirst.startswith("Kenya's parliament passed a water bill")
    assert draft.country_id == "KE"


@pytest.mark.parametrize(
    ("copy", "expected"),
    [
        (
            (
                "Farmers fear bird flu in Norfolk",
                "Poultry farmers in Norfolk fear bird flu will spread, the union "
                "said on Tuesday. Guinea fowl flocks on two farms were culled.",
            ),
            [],
        ),
        (
            (
                "Vegetable prices soar",
                "Potato prices rose 12 percent in Rotterdam trading on Tuesday, "
                "dealers said. Brussels sprouts and French fries were cheaper.",
            ),
            [],
        ),
        (
            ("Guinea votes", "CONAKRY, March 3 - Guinea voted on Tuesday."),
            ["GN"],
        ),
    ],
)
def test_a_country_word_naming_a_food_places_no_story(copy, expected):
    """Guinea fowl, Brussels sprouts and French fries are farm and food copy,
    not stories from Guinea, Belgium or France."""
    assert countries.tag(*copy).countries == expected


def test_a_french_date_names_no_sector():
    """ "3 mars" in a French dateline is March: the copy about rural electricity
    is not filed under science (the planet Mars) for its date."""
    choice = sectors.classify(
        "Le Sénégal lance un programme d'électrification rurale",
        "DAKAR, 3 mars (Côtière) - Le gouvernement a lancé mardi un programme "
        "d'électrification rurale, a annoncé le ministère.",
    )
    assert choice.primary != "science"
    assert sectors.classify("Rover lands on Mars", "").primary == "science"


def test_a_run_of_no_break_spaces_after_the_dateline_does_not_hang_the_draft():
    """Layout copy pads with no-break spaces: a dateline's word followed by a run
    of them and text that is not the rest of the dateline took time doubling with
    every space (2.5 s for 25, hours for 40). Now it is looked at once: this test
    would not finish on the old code."""
    raw = "NAIROBI, March 3 (Coastal) -"
    for spaces in (25, 400):
        body = f"<p>NAIROBI,{chr(0xA0) * spaces}Xarch 3 (Coastal) - Kenya voted.</p>"
        assert service.body_without_dateline(body, raw) == body
    padded = f"<p>NAIROBI,{chr(0xA0) * 3}March 3 (Coastal) - Kenya voted.</p>"
    assert service.body_without_dateline(padded, raw) == "<p>Kenya voted.</p>"


@pytest.mark.parametrize(
    ("text", "shouting"),
    [
        (
            "LE GOUVERNEMENT SÉNÉGALAIS A LANCÉ MARDI UN PROGRAMME D'ÉLECTRIFICATION "
            "RURALE, A ANNONCÉ LE MINISTÈRE DE L'ÉNERGIE À DAKAR.",
            True,
        ),
        ("ПРАВИТЕЛЬСТВО ОБЪЯВИЛО О НОВОЙ ПРОГРАММЕ ВОДОСНАБЖЕНИЯ ДЛЯ СЁЛ.", True),
        (
            "Le gouvernement sénégalais a lancé mardi un programme d'électrification "
            "rurale, a annoncé le ministère de l'Énergie à Dakar.",
            False,
        ),
        ("中国政府周二宣布一项新的农村供水计划。", False),
    ],
)
def test_copy_in_capitals_is_known_in_any_cased_script(text, shouting):
    """Accented and Cyrillic capitals are capitals: French or Russian copy set in
    capitals is shouted copy, as English is; a script without case never is."""
    lines = [similarity._Line.of(sentence) for sentence in (text, text)]
    assert similarity._shouting(lines) is shouting
