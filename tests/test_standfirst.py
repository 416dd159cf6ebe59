"""Standfirsts chosen by centrality, ROUGE scoring, and `wiredesk eval summaries`.

The copy below is invented for these tests; the corpus-backed tests read the BBC
News Summary set and the Reuters wire at test time.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk import registry
from wiredesk.drafting import dateline, rouge, standfirst
from wiredesk.drafting.summaries_eval import (
    DatasetError,
    SummariesEvaluation,
    lead,
    normalise_reference,
    read_articles,
)

# A story whose lead is colour and whose news (the dam, the villages, the rain) is
# told in the sentences after it.
FLOOD = (
    "KAMPALA, March 3 (Reuters) - It was a quiet morning in the hills. "
    "The Nyaru dam burst on Monday after a week of heavy rain, flooding twelve "
    "villages below the dam. "
    "Rescue teams said the floodwater from the burst dam had reached twelve "
    "villages and that more rain was expected.\n\n"
    "Farmers had planted maize in March. "
    "The government said the villages below the Nyaru dam would be evacuated "
    "before more rain falls. "
    "Click here to follow our live coverage of the flooding. "
    "Follow us on Twitter for more updates. "
    "Reporting by Jane Doe; Editing by John Roe\n\nReuters"
)


def _bare(word: str) -> str:
    """A word without the punctuation around it, in lower case."""
    return word.strip(",.;:!?\"'“”‘’()").lower()


def _in_order_subset(summary: str, all_sentences: list[str]) -> bool:
    """Whether ``summary`` is sentences of ``all_sentences`` joined in their order.

    A sentence may have gained a closing full stop, and the first a capital.
    """
    rest = summary
    for sentence in all_sentences:
        for form in (sentence, sentence + "."):
            if rest == summary:
                form = form[:1].upper() + form[1:]
            if rest == form or rest.startswith(form + " "):
                rest = rest[len(form) :].lstrip()
                break
        if not rest:
            return True
    return False


# -- standfirst.summarise ------------------------------------------------------------


def test_summarise_prefers_the_sentences_that_carry_the_story():
    """Sentences about the dam and villages win over colour that shares no words."""
    summary = standfirst.summarise(FLOOD, max_words=40)
    assert "Nyaru dam burst" in summary
    assert "quiet morning" not in summary
    assert "maize" not in summary


# A wire brief: the lede states the news once, and the detail sentences after it
# share their names and figures with each other more than with the lede.
BRIEF = (
    "LUSAKA, May 4 (Tarn) - Zambia's health ministry has opened two more cholera "
    "treatment centres in the capital as an outbreak spreads through crowded "
    "districts. Deaths have risen to 31 and suspected cases to 1,412, up from 23 "
    "deaths and 1,180 cases on Monday, ministry official Mwila Banda said. Banda "
    "urged residents to boil drinking water and said teams were treating shallow "
    "wells in the districts with the most cases. Officials at the water utility "
    "said repairs to a damaged sewer line near the districts with the most cases "
    "would take a week."
)


def test_summarise_of_a_short_brief_opens_with_its_news():
    """In a brief of a few sentences the lede opens the standfirst.

    Centrality alone put two detail sentences first and left out the cholera
    centres, the news itself.
    """
    summary = standfirst.summarise(BRIEF, max_words=60)
    assert summary.startswith("Zambia's health ministry has opened two more cholera")
    assert len(summary.split()) <= 60


def test_summarise_of_longer_copy_still_drops_a_lede_of_colour():
    """A lede that shares nothing with the copy does not open it, short or long."""
    assert "quiet morning" not in standfirst.summarise(FLOOD, max_words=60)


def test_summarise_keeps_whole_sentences_in_their_original_order():
    """The standfirst is whole sentences of the copy, in the copy's order."""
    for words in (15, 30, 45, 60, 100):
        summary = standfirst.summarise(FLOOD, max_words=words)
        assert _in_order_subset(summary, standfirst.sentences(dateline.strip(FLOOD)))
        assert len(summary.split()) <= words


def test_summarise_leaves_out_dateline_and_wire_furniture():
    """No dateline, agency tag, "Click here", "Follow us on", credits or sign-off."""
    summary = standfirst.summarise(FLOOD, max_words=200)
    for furniture in ("KAMPALA", "(Reuters)", "Click here", "Follow us", "Reporting"):
        assert furniture not in summary
    assert not summary.endswith("Reuters")


def test_summarise_drops_an_agency_tag_opening_a_later_paragraph():
    """Merged copy that repeats "NAIROBI (AFP) -" mid-text shows no agency tag."""
    text = (
        "Talks on the grain deal resumed in Geneva on Monday. "
        "Diplomats said the grain deal talks could last a week.\n\n"
        "NAIROBI (AFP) - Kenya said it backed the grain deal talks in Geneva."
    )
    summary = standfirst.summarise(text)
    assert "(AFP)" not in summary and "NAIROBI" not in summary
    assert "Kenya said it backed the grain deal talks in Geneva." in summary


@pytest.mark.parametrize(
    "head",
    [
        "By Jane Doe\n\nLONDON, Feb 5 (Reuters) - ",
        "(Adds economist comment, details)\n\nBy Jane Doe\n\n"
        "LONDON, Feb 5 (Reuters) - ",
        "BY JANE DOE and JOHN ROE\n\nLONDON (Reuters) - ",
        "(Updated with details)\n\n",
        "Feb 5 (Reuters) - ",
        "LONDON/NEW YORK, Feb 5 (Reuters) - ",
        "LONDON, Feb. 5, 2026 (AP) — ",
        "FORT WASHINGTON, Pa. (AP) _ ",
        "Mumbai, Feb 5 (IANS) ",
        "New Delhi [India], Feb 5 (ANI): ",
        "Madrid, Feb 5 (EFE).- ",
        "NEW DELHI: ",
        "SÃO PAULO, Feb 5 (Reuters) - ",
    ],
)
def test_summarise_opens_with_the_news_whatever_the_wire_puts_before_it(head):
    """Bylines, "(Adds ...)" notes and every common dateline form stay out."""
    text = (
        head + "Acme Corp's quarterly profit doubled, the company said on Thursday."
        "\n\nAcme Corp said its profit rose on strong sales of its robots."
    )
    summary = standfirst.summarise(text)
    assert summary.startswith("Acme Corp's quarterly profit doubled"), summary


def test_summarise_keeps_prose_that_merely_looks_like_a_dateline():
    """An aside after an abbreviation, or a sentence opening "By Friday", stays."""
    aside = "The World Health Organization (WHO) — the UN agency — said cases rose."
    assert standfirst.summarise(aside) == aside
    text = "By Friday the storm had passed, officials said.\n\nPower was restored."
    assert standfirst.summarise(text).startswith("By Friday the storm had passed")


@pytest.mark.parametrize(
    "furniture",
    [
        "Associated Press writer Jane Doe contributed to this report.",
        "Follow AP's coverage of the floods at https://apnews.com/hub/floods",
        "The Associated Press receives support from several private foundations "
        "for its coverage. The AP is solely responsible for all content.",
        "(This story has not been edited by Example News staff and is "
        "auto-generated from a syndicated feed.)",
        "- Villages cut off -",
        "AAP RTV",
    ],
)
def test_summarise_leaves_out_agency_boilerplate(furniture):
    """Credits, AP's coverage and funding notes, syndication notes, intertitles
    and sign-offs."""
    text = (
        "The river burst its banks on Tuesday, flooding three villages.\n\n"
        f"{furniture}\n\nRescuers said the villages were cut off by the river."
    )
    summary = standfirst.summarise(text, max_words=200)
    assert "river burst its banks" in summary
    for word in ("contributed", "Follow", "foundations", "edited", "-", "AAP"):
        assert word not in summary


def test_summarise_keeps_a_title_with_the_name_it_goes_with():
    """ "The Rev." or "Army Lt. Gen." does not end a sentence: no standfirst
    starts with "Jesse Jackson ..." having dropped "The Rev."."""
    text = (
        "The Rev. Jesse Jackson died on Tuesday at 84, his family said. "
        "Army Lt. Gen. John Smith said Jackson had marched for civil rights. "
        "The march began at 9 a.m. Monday, organisers said."
    )
    assert standfirst.sentences(text) == [
        "The Rev. Jesse Jackson died on Tuesday at 84, his family said.",
        "Army Lt. Gen. John Smith said Jackson had marched for civil rights.",
        "The march began at 9 a.m. Monday, organisers said.",
    ]
    assert standfirst.summarise(text, 20).startswith("The Rev. Jesse Jackson died")


def test_summarise_puts_a_wrapped_paragraph_back_together():
    """A feed giving each wrapped line as a paragraph gives whole sentences."""
    text = (
        "Jane Doe has been named to make her return at\n\ncentre for the Harbour "
        "Hawks in the trial against the Bay Bulls on Saturday.\n\nDoe had her "
        "first game for the Hawks two weeks ago in\n\na lower grade clash."
    )
    summary = standfirst.summarise(text)
    assert summary == (
        "Jane Doe has been named to make her return at centre for the Harbour "
        "Hawks in the trial against the Bay Bulls on Saturday. Doe had her first "
        "game for the Hawks two weeks ago in a lower grade clash."
    )


def test_summarise_does_not_repeat_a_near_duplicate_sentence():
    """A sentence that repeats one already chosen, as write-throughs do, is left out."""
    text = (
        "The central bank raised its main interest rate to 7 percent on Tuesday. "
        "The central bank raised its main interest rate to 7 percent on Tuesday, "
        "officials said. "
        "Inflation has stayed above the central bank's target for a year. "
        "The rate rise was the third this year."
    )
    summary = standfirst.summarise(text)
    assert summary.count("raised its main interest rate") == 1


def test_summarise_ends_a_paragraph_without_a_stop_with_one():
    """An intro paragraph with no full stop does not run into the next sentence."""
    text = (
        "Brewers make money from beer-like drinks rather than beer itself\n\n"
        "Brewers sell the beer-like drinks at low prices. "
        "Beer-like drinks are taxed less than beer."
    )
    summary = standfirst.summarise(text)
    assert summary.startswith("Brewers make money from beer-like drinks rather than ")
    assert "beer itself. Brewers sell" in summary


def test_summarise_is_deterministic():
    """The same copy always gives the same standfirst."""
    assert len({standfirst.summarise(FLOOD) for _ in range(5)}) == 1


def test_summarise_cuts_an_overlong_only_sentence_at_a_clause():
    """One sentence over the budget is cut at a comma near the end, with an ellipsis."""
    text = (
        " ".join(f"w{i}" for i in range(45))
        + ", "
        + " ".join(f"x{i}" for i in range(40))
    )
    summary = standfirst.summarise(text)
    assert summary == " ".join(f"w{i}" for i in range(45)).capitalize() + "…"


def test_summarise_uses_a_later_sentence_when_the_first_is_too_long():
    """An overlong first sentence is skipped when a whole later one fits."""
    long_first = " ".join(["word"] * 70) + "."
    summary = standfirst.summarise(f"{long_first} The port reopened on Friday.")
    assert summary == "The port reopened on Friday."


def test_summarise_of_boilerplate_only_is_empty():
    """Copy that is nothing but furniture has no standfirst."""
    assert standfirst.summarise("Click here to subscribe.\n\nReuters") == ""


# -- rouge ---------------------------------------------------------------------------


def test_rouge_of_identical_texts_is_one_and_of_disjoint_texts_zero():
    """A summary equal to its reference scores 1; one sharing no word scores 0."""
    same = rouge.score("Rates rose in May.", "Rates rose in May.")
    assert (same.rouge1, same.rouge2, same.rougeL) == (1.0, 1.0, 1.0)
    none = rouge.score("Cats sleep.", "Rates rose in May.")
    assert (none.rouge1, none.rouge2, none.rougeL) == (0.0, 0.0, 0.0)


def test_rouge_stems_words_and_ignores_case_and_punctuation():
    """ "Raising rates" matches "raised rate" once stemmed, whatever the case."""
    assert rouge.tokens("Raising RATES, quickly!") == rouge.tokens(
        "raised rate quickly"
    )


def test_rouge_figures_match_hand_computed_values():
    """ROUGE-1/2/L F1 of a small pair equal the counts worked out by hand."""
    # candidate: the cat sat on the mat (6); reference: the cat lay on the mat (6)
    scores = rouge.score("the cat sat on the mat", "the cat lay on the mat")
    assert scores.rouge1 == pytest.approx(5 / 6)
    assert scores.rouge2 == pytest.approx(3 / 5)  # the-cat, on-the, the-mat
    assert scores.rougeL == pytest.approx(5 / 6)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("abcbdab", "bdcaba", 4), ("abc", "abc", 3), ("abc", "def", 0), ("", "a", 0)],
)
def test_lcs_length_is_the_longest_common_subsequence(a, b, expected):
    """The bit-parallel LCS gives the textbook lengths."""
    assert rouge.lcs_length(list(a), list(b)) == expected


# -- the evaluation ------------------------------------------------------------------


def test_references_get_their_missing_spaces_back():
    """ "...$10.9bn.For the year" is read as two sentences; "$10.9bn" is kept."""
    assert normalise_reference('$10.9bn.For the year."Yes," he said.It ended!Now') == (
        '$10.9bn. For the year. "Yes," he said. It ended! Now'
    )


def test_lead_baseline_is_the_first_n_words():
    """The lead baseline is the first N words of the body."""
    assert lead("One two three.\n\nFour five.", 4) == "One two three. Four"


def _write_bbc(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


ROWS = [
    {
        "id": "test/001",
        "category": "test",
        "title": "Dam bursts",
        "body": FLOOD,
        "summary": "The Nyaru dam burst on Monday after a week of heavy rain, flooding "
        "twelve villages below the dam.The government said the villages below "
        "the Nyaru dam would be evacuated before more rain falls.",
    },
    {
        "body": "Talks resumed on Monday. Diplomats said the talks could last a week. "
        "A deal is not expected before May.",
        "summary": "Diplomats said the talks could last a week.",
    },
]


def test_evaluation_scores_standfirsts_and_the_lead_baseline(tmp_path):
    """Figures are means over articles, in [0, 1], with the lead baseline beside."""
    path = _write_bbc(tmp_path / "set.jsonl", ROWS)
    figures = SummariesEvaluation({"bbc": path, "words": 30}).run()
    assert list(figures) == [
        "articles",
        "rouge1",
        "rouge2",
        "rougeL",
        "lead_rouge1",
        "lead_rouge2",
        "lead_rougeL",
    ]
    assert figures["articles"] == 2
    assert all(0 <= v <= 1 for k, v in figures.items() if k != "articles")
    # The dam story's lead is colour: the standfirst beats it.
    assert figures["rouge2"] > figures["lead_rouge2"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not a JSON object"),
        ('["a list"]', "not a JSON object"),
        ('{"body": "Text."}', "field 'summary'"),
        ('{"body": "", "summary": "S."}', "field 'body'"),
    ],
)
def test_a_bad_line_is_reported_with_file_and_line(tmp_path, line, message):
    """A malformed article names the file and line number."""
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ROWS[1]) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=rf"bad.jsonl:2: .*{message}"):
        read_articles(path)


@pytest.fixture
def summaries_registered():
    """The drafting app registers `summaries` as an evaluation of `wiredesk eval`."""
    assert registry.evaluators.get("summaries") is SummariesEvaluation


def test_command_prints_exactly_the_documented_json(tmp_path, summaries_registered):
    """`wiredesk eval summaries --bbc F --json` prints one object with seven keys."""
    path = _write_bbc(tmp_path / "set.jsonl", ROWS)
    out = io.StringIO()
    call_command("eval", "summaries", "--bbc", str(path), "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert set(figures) == {
        "articles",
        "rouge1",
        "rouge2",
        "rougeL",
        "lead_rouge1",
        "lead_rouge2",
        "lead_rougeL",
    }
    assert all(round(v, 4) == v for v in figures.values())


def test_command_shows_a_table_and_names_a_missing_file(tmp_path, summaries_registered):
    """Without --json a table compares standfirst and lead; a bad path is an error."""
    path = _write_bbc(tmp_path / "set.jsonl", ROWS)
    out = io.StringIO()
    call_command("eval", "summaries", "--bbc", str(path), "--words", "20", stdout=out)
    assert "standfirst" in out.getvalue() and "lead baseline" in out.getvalue()
    with pytest.raises(CommandError, match=r"missing\.jsonl"):
        call_command("eval", "summaries", "--bbc", str(tmp_path / "missing.jsonl"))


# -- on the development corpus -------------------------------------------------------


def test_bbc_figures_stay_above_textrank(corpus):
    """On BBC News Summary at 60 words ROUGE-2 stays above TextRank's 0.481.

    Reached when written: ROUGE-1 0.5342, ROUGE-2 0.4969, ROUGE-L 0.4141 (lead
    0.4539 / 0.3640 / 0.3461, the issue's lead figure to the third decimal, which
    checks the scorer too); 0.5317 / 0.4930 / 0.4101 since the lede opens short
    briefs and any lede at least 0.7 as central as the best sentence.
    """
    path = corpus / "bbc-news-summary" / "bbc-news-summary.jsonl"
    figures = SummariesEvaluation({"bbc": path, "words": 60}).run()
    assert figures["rouge2"] >= 0.488
    assert figures["rouge1"] >= 0.525
    assert figures["rougeL"] >= 0.405
    assert figures["lead_rouge2"] == pytest.approx(0.364, abs=0.001)


def test_standfirsts_of_real_copy_keep_their_promises(corpus):
    """On BBC and Reuters copy: ≤ 60 words, whole sentences in order, no sign-off."""
    bodies = [
        json.loads(line)["body"]
        for name in (
            "bbc-news-summary/bbc-news-summary.jsonl",
            "reuters21578/reuters21578-train.jsonl",
        )
        for line in (corpus / name).read_text(encoding="utf-8").splitlines()[:1500]
    ]
    for body in bodies:
        summary = standfirst.summarise(body)
        assert len(summary.split()) <= 60
        if summary.endswith("…"):
            continue  # an overlong only sentence, cut
        # Whole sentences of the copy, in order (with a speaker named in full
        # the words differ, so the promise is checked on the copy's own words).
        exact = standfirst.summarise(body, full_names=False)
        assert _in_order_subset(exact, standfirst.story_sentences(body)), body[:80]
        # Naming a speaker puts in only words of the copy: their name and who they
        # are (in place of the surname, perhaps cut to rank and noun).
        known = {_bare(word) for word in body.split()} | {"the", "a", "an"}
        assert all(_bare(word) in known for word in summary.split()), body[:80]
        assert not summary.endswith(("Reuter", "Reuters"))


def test_most_standfirsts_of_wire_copy_open_with_the_lede(corpus):
    """Reuters copy puts the news first: most standfirsts start with the lede.

    About three in four did when written (the BBC references: 74%).
    """
    path = corpus / "reuters21578" / "reuters21578-train.jsonl"
    bodies = [
        body
        for line in path.read_text(encoding="utf-8").splitlines()[:3000]
        if len((body := json.loads(line)["body"]).split()) > 120
    ]
    opened = counted = 0
    for body in bodies:
        lede = standfirst.story_sentences(body)[0]
        if len(lede.split()) <= standfirst.MAX_WORDS:
            counted += 1
            opened += standfirst.summarise(body).startswith(lede[:40])
    assert opened / counted >= 0.65


# A brief whose standfirst quotes an official the left-out sentence introduced.
QUOTED = (
    "OAXACA, May 4 (Tarn) - Mexico's energy ministry will install solar microgrids "
    "in 140 villages of Oaxaca that have never had power, bringing electricity to "
    "about 35,000 people. Julian Arreola Vega, a former teacher who grew up in the "
    "Mixteca hills and now runs the programme from a rented office, spoke to "
    "reporters. Village assemblies chose where the solar microgrids go in the 140 "
    "villages, Arreola said. The ministry said the solar microgrids would be running "
    "by December in the villages."
)


def test_a_speaker_quoted_by_surname_is_named_in_full():
    """A reader of the standfirst has not met "Arreola" (the sentence that
    introduced him is left out): he is named as the copy first named him."""
    summary = standfirst.summarise(QUOTED, max_words=60)
    assert "140 villages, Julian Arreola Vega said." in summary
    assert "former teacher" not in summary
    assert len(summary.split()) <= 60


def test_a_speaker_already_named_in_the_standfirst_is_left_as_written():
    """Named in full earlier in the standfirst, the surname alone is right; after
    a title ("Mr Arreola") it is the copy's house style and stays too."""
    summary = standfirst.summarise(QUOTED, max_words=200)
    assert "Julian Arreola Vega, a former teacher" in summary
    assert "140 villages, Arreola said." in summary
    titled = QUOTED.replace(", Arreola said", ", Mr Arreola said")
    assert "Mr Arreola said" in standfirst.summarise(titled, max_words=60)


TITLED = (
    "SYLHET (Tarn) - Flash floods have killed at least 14 people in northeastern "
    "Bangladesh and forced about 220,000 from their homes, officials said. Rafiqul "
    "Haider, the district relief officer in Sylhet, said 610 shelters had opened in "
    "schools, mosques and government buildings across the division, and that more "
    "would open as water kept rising. Most victims drowned when "
    "water rose overnight in low-lying villages, Haider said."
)


def test_a_speaker_named_in_full_is_also_said_to_be_who_the_copy_says():
    """Who a speaker is, as the copy first said it, comes with their name when the
    words fit: "Rafiqul Haider said" told a reader nothing (found by the demo
    review). The apposition stops at the role ("in Sylhet" left out)."""
    summary = standfirst.summarise(TITLED, max_words=45)
    assert "Rafiqul Haider, the district relief officer, said." in summary
    assert standfirst.length(summary) <= 45
    # Without room for the name and the role, the role alone: never "Rafiqul
    # Haider said" of someone the reader cannot place.
    short = standfirst.summarise(TITLED, max_words=35)
    assert "villages, the district relief officer said." in short
    assert "Haider" not in short


# A brief quoting a spokesman by surname after a sentence that introduced him.
SPOKESMAN = (
    "DHAKA (Tarn) - Bangladesh will open 40 new cyclone shelters along its southern "
    "coast before the monsoon, the disaster ministry said on Tuesday. Rafiqul "
    "Haider, the ministry's chief press spokesman, told reporters the shelters "
    "would each hold about 1,500 people and their livestock. Each of the 40 "
    "shelters will have solar lights and a clean water tank, Haider said."
)


@pytest.mark.parametrize(
    ("max_words", "speaker"),
    [
        (50, "Rafiqul Haider, the ministry's chief press spokesman, said."),
        (40, "tank, the ministry's chief press spokesman said."),
        (38, "tank, the chief spokesman said."),
    ],
)
def test_a_speaker_with_a_role_is_introduced_by_it_in_the_words_there_are(
    max_words, speaker
):
    """The name with the role when both fit, the role alone when not, and a
    shorter form of the role (its rank and noun) when even that does not: the
    reader learns who is speaking whatever the budget."""
    summary = standfirst.summarise(SPOKESMAN, max_words=max_words)
    assert summary.endswith(speaker), summary
    assert standfirst.length(summary) <= max_words
    assert "Haider said" not in summary


def test_a_speaker_no_form_of_the_role_fits_for_is_left_out_with_the_sentence():
    """With no room to say who a speaker is, another choice of sentences is made
    rather than a bare name the reader never met ("..., Haider said.")."""
    summary = standfirst.summarise(SPOKESMAN, max_words=37)
    assert "Haider" not in summary
    assert "spokesman said" not in summary
    assert summary.startswith("Bangladesh will open 40 new cyclone shelters")
    assert standfirst.length(summary) <= 37


@pytest.mark.parametrize(
    ("role", "short"),
    [
        ("the district relief officer", "the officer"),
        ("a deputy energy minister", "a deputy minister"),
        ("an acting regional health director", "an acting director"),
        ("the head of the regional health office", ""),
        ("the spokesman", ""),
    ],
)
def test_a_role_is_shortened_to_its_rank_and_noun_or_not_at_all(role, short):
    """A shorter role keeps its rank (a deputy minister is no minister) and is
    never cut to another thing ("the head")."""
    assert standfirst._short_role(role) == short


def test_a_title_before_the_name_is_lower_case_inside_a_sentence_and_capital_first():
    """ "Deputy energy secretary Julian Arreola Vega said" opened the copy's
    sentence; inside the standfirst's it is "deputy energy secretary", and a
    title that opens the standfirst's sentence gets its capital."""
    copy = QUOTED.replace(
        "Julian Arreola Vega, a former teacher who grew up in the Mixteca hills and "
        "now runs the programme from a rented office, spoke to reporters.",
        "Deputy energy secretary Julian Arreola Vega spoke to reporters in the "
        "regional capital on Friday.",
    )
    summary = standfirst.summarise(copy, max_words=60)
    assert "140 villages, deputy energy secretary Julian Arreola Vega said." in summary
    opening = copy.replace(
        "Village assemblies chose where the solar microgrids go in the 140 villages, "
        "Arreola said.",
        "Arreola said village assemblies chose where the solar microgrids go in the "
        "140 villages.",
    )
    summary = standfirst.summarise(opening, max_words=60)
    assert "Deputy energy secretary Julian Arreola Vega said village" in summary


def test_words_before_a_name_that_are_no_title_are_not_taken_for_one():
    """ "according to", "said on Friday", a place: no role is made up."""
    copy = QUOTED.replace(
        "Julian Arreola Vega, a former teacher who grew up in the Mixteca hills and "
        "now runs the programme from a rented office, spoke to reporters.",
        "The figures are according to Julian Arreola Vega, who spoke in Oaxaca.",
    )
    summary = standfirst.summarise(copy, max_words=60)
    assert "140 villages, Julian Arreola Vega said." in summary


@pytest.mark.parametrize(
    ("first", "later", "named"),
    [
        (
            "UN spokesman Stephane Dujarric said the convoy was hit.",
            "The convoy carried food, Dujarric said.",
            "food, UN spokesman Stephane Dujarric said.",
        ),
        (
            "Labour leader Keir Starmer said the plan would fail.",
            "The budget was cut, Starmer said.",
            "cut, Labour leader Keir Starmer said.",
        ),
        (
            "District relief officer Rafiqul Haider said 40 died.",
            "The relief officer Haider said the toll rose.",
            "The relief officer Rafiqul Haider said the toll rose.",
        ),
        (
            "Let the voters judge Jane Doe on her record, he said.",
            "The record is good, Doe said.",
            "good, Jane Doe said.",
        ),
        (
            "Jane Doe, the head of the regional health office, said 3 died.",
            "Three died, Doe said.",
            "died, Jane Doe, the head of the regional health office, said.",
        ),
        (
            "Ali Khan, an opposition member of parliament in Lahore, said so.",
            "The vote was rigged, Khan said.",
            "rigged, Ali Khan, an opposition member of parliament, said.",
        ),
        (
            "His dedication impressed manager Jane Doe, the club said.",
            "He is a great player, said Doe.",
            "player, said manager Jane Doe.",
        ),
        (
            "Forty came, including IAAF chief Jane Doe and two coaches.",
            "Doping must end, said Doe.",
            "end, said IAAF chief Jane Doe.",
        ),
    ],
    ids=[
        "acronym",
        "party",
        "title-already",
        "verb",
        "head-of",
        "member-of",
        "verb-before",
        "acronym-inside",
    ],
)
def test_who_a_speaker_is_reads_as_the_copy_meant_it(first, later, named):
    """A role comes whole and right or not at all (found by review): an acronym or
    a party keeps its capitals ("un spokesman"), a title already before the
    surname is not written twice, a verb before a name is no title ("voters
    judge"), and an apposition is not cut to "the head" or "an opposition member"
    (only a place it ends on goes)."""
    (sentence,), _ = standfirst._named_in_full([later], [first, later], spare=12)
    assert sentence.endswith(named), sentence


# Thai copy written for these tests: flood news in clauses parted by spaces.
THAI_FLOODS = (
    "ฝนตกหนักต่อเนื่องสามวันในภาคเหนือ ทำให้น้ำท่วมบ้านเรือนกว่าสองพันหลัง "
    "รวมถึงโรงเรียนและโรงพยาบาล เจ้าหน้าที่สั่งปิดถนนสายหลัก จนกว่าระดับน้ำจะลดลง "
    "ดังนั้นผู้เดินทางควรใช้เส้นทางอื่น"
)


def test_thai_clauses_that_depend_on_the_one_before_stay_with_it():
    """ "ทำให้" (causing), "รวมถึง" (including), "จนกว่า" (until) and "ดังนั้น"
    (therefore) open clauses that say nothing alone: each stays with the clause
    before, so a standfirst never opens on "causing floods" or ends before "until
    the water drops"."""
    assert standfirst.sentences(THAI_FLOODS) == [
        "ฝนตกหนักต่อเนื่องสามวันในภาคเหนือ ทำให้น้ำท่วมบ้านเรือนกว่าสองพันหลัง "
        "รวมถึงโรงเรียนและโรงพยาบาล",
        "เจ้าหน้าที่สั่งปิดถนนสายหลัก จนกว่าระดับน้ำจะลดลง ดังนั้นผู้เดินทางควรใช้เส้นทางอื่น",
    ]


@pytest.mark.parametrize("connective", ["รวมทั้ง", "ตลอดจน", "อีกทั้ง", "จนกระทั่ง", "ทำให้"])
def test_each_thai_connective_keeps_its_clause_with_the_one_before(connective):
    """ "including", "as well as", "moreover", "until", "causing": one sentence."""
    text = f"รัฐบาลประกาศมาตรการช่วยเหลือเกษตรกร {connective}ผู้ประกอบการรายย่อย"
    assert standfirst.sentences(text) == [text]


def test_a_thai_clause_opening_on_after_starts_a_sentence():
    """ "หลังจาก" (after), like "หาก" (if), as often opens a sentence of its own:
    the space before it still ends one."""
    assert standfirst.sentences(
        "รัฐบาลประกาศมาตรการช่วยเหลือเกษตรกร หลังจากน้ำลดจะเริ่มซ่อมถนน"
    ) == ["รัฐบาลประกาศมาตรการช่วยเหลือเกษตรกร", "หลังจากน้ำลดจะเริ่มซ่อมถนน"]
