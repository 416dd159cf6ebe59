"""The article page tells the lede once (found by the demo review: every agency
article printed its opening sentence in the standfirst and again under it)."""

from __future__ import annotations

import pytest

from tests.test_reader_pages import make_article
from wiredesk.reader.lede import body_after_standfirst

LEDE = (
    "ACCRA, Nov 26 (Meridian Press Agency) - Ghana on Thursday signed a $240 "
    "million loan to extend piped water to 1.3 million people."
)
SECOND = "The loan runs for 20 years and covers three regions."
THIRD = "Work on the first pipeline starts in March, the water ministry said."
BODY = f"<p>{LEDE}</p><p>{SECOND}</p><p>{THIRD}</p>"
STANDFIRST = (
    "Ghana on Thursday signed a $240 million loan to extend piped water to 1.3 "
    "million people. Work on the first pipeline starts in March, the water "
    "ministry said."
)


def test_a_lede_the_standfirst_tells_is_not_repeated_under_it():
    assert body_after_standfirst(BODY, STANDFIRST) == f"<p>{SECOND}</p><p>{THIRD}</p>"


def test_two_leading_paragraphs_the_standfirst_tells_both_go():
    standfirst = f"{STANDFIRST.split('. Work')[0]}. {SECOND}"
    assert body_after_standfirst(BODY, standfirst) == f"<p>{THIRD}</p>"


@pytest.mark.parametrize(
    "standfirst",
    [
        # reworded: a speaker named in full, a figure written otherwise
        "Ghana signed a $240 million loan on Thursday to bring piped water to "
        "1.3 million people.",
        # cut short: only part of the lede
        "Ghana on Thursday signed a $240 million loan.",
        "",
    ],
)
def test_a_lede_the_standfirst_does_not_hold_whole_stays(standfirst):
    assert body_after_standfirst(BODY, standfirst) == BODY


def test_a_story_the_standfirst_tells_whole_keeps_its_body():
    """A brief whose one paragraph is the standfirst: the page keeps a body."""
    body = "<p>Ghana signed the loan on Thursday.</p>"
    assert body_after_standfirst(body, "Ghana signed the loan on Thursday.") == body


def test_a_dash_inside_the_lede_is_no_dateline():
    """Only a short opening in capitals, with a comma or a bracket, is passed over:
    a lede whose words before a dash the standfirst lacks stays."""
    body = (
        "<p>Farmers in the north of the country who lost crops to the floods - "
        "some 4,000 households - will be paid by June.</p><p>More follows.</p>"
    )
    standfirst = "Some 4,000 households will be paid by June."
    assert body_after_standfirst(body, standfirst) == body


def test_a_clause_before_a_dash_is_no_dateline():
    """Found by the second demo review: a short clause with a comma before a dash
    was passed over as a dateline, and the paragraph dropped with it."""
    body = (
        "<p>Prices fell sharply on Monday, traders said - the steepest drop in a "
        "decade.</p><p>More follows.</p>"
    )
    assert body_after_standfirst(body, "The steepest drop in a decade hit.") == body


@pytest.mark.parametrize(
    ("paragraph", "standfirst"),
    [
        ("Deaths rose to 31.", "Deaths rose to 31,000 in the region."),
        ("The rate is 2.", "The rate is 2.5% this year."),
    ],
)
def test_a_figure_is_read_whole(paragraph, standfirst):
    """Another figure is other news: "31" is not held by "31,000"."""
    body = f"<p>{paragraph}</p><p>More follows.</p>"
    assert body_after_standfirst(body, standfirst) == body


@pytest.mark.parametrize(
    "opening",
    ["LIMA (Coastal Agency) - ", "Binghamton, New York — ", "KYIV, Nov 3 (Reuters) _ "],
)
def test_datelines_of_several_shapes_are_passed_over(opening):
    body = f"<p>{opening}{SECOND}</p><p>{THIRD}</p>"
    assert body_after_standfirst(body, SECOND) == f"<p>{THIRD}</p>"


@pytest.mark.django_db
def test_the_page_shows_the_lede_once_and_the_stored_body_keeps_it(client):
    article = make_article(
        "Ghana signs $240 million water loan", body_html=BODY, standfirst=STANDFIRST
    )
    page = client.get(article.get_absolute_url()).content.decode()
    shown = page.split('<article class="article">')[1].split("</article>")[0]
    assert shown.count("signed a $240 million loan") == 1
    assert '<p class="standfirst">Ghana on Thursday signed' in page
    assert f'<div class="body"><p>{SECOND}</p>' in page
    article.refresh_from_db()
    assert LEDE in article.body_html  # the desk and the feeds keep the whole body
