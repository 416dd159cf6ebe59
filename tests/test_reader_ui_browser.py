"""The reader's and the desk's look in a real Chromium (Debian's, never downloaded):
TRENDING's ranks, the menus, the forms, the article head, and pages that fit a phone.
"""

from __future__ import annotations

import time

import pytest

from tests.conftest import CHROMIUM
from tests.test_desk_browser import sign_in
from tests.test_desk_fixtures import make_user
from tests.test_reader_pages import make_article
from wiredesk.audience import trending
from wiredesk.desk import roles
from wiredesk.desk.models import Article

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
ACCENT = "rgb(155, 28, 28)"  # site.css --accent
READER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed"),
]


@pytest.fixture
def story(live_server) -> Article:
    return make_article(
        "Ghana signs a loan to extend piped water to a million people",
        dateline="Accra",
    )


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found, selector
    return found


def test_trending_shows_each_rank_once_beside_its_story(live_server, browser):
    floods = make_article("Floods close schools", country_id="KE")
    talks = make_article("Climate talks resume", country_id="FR", edition_id="europe")
    for n in range(3):
        trending.record_view(floods.pk, f"198.51.100.{n}", READER, now=time.time())
    trending.record_view(talks.pk, "198.51.100.9", READER, now=time.time())
    trending.recompute()

    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/")
    block = page.locator("section.trending")
    # The block title as the other blocks show it: upper case.
    assert block.locator("h2").inner_text() == "TRENDING"
    # The list's own numbers are hidden: the rank shows once.
    assert block.locator("ol").evaluate("e => getComputedStyle(e).listStyleType") == (
        "none"
    )
    first = block.locator("li").first
    assert first.inner_text().split() == [
        "1",
        "Floods",
        "close",
        "schools",
        "Africa",
    ]
    region = first.locator(".region")
    assert region.evaluate("e => getComputedStyle(e).fontVariantCaps") == (
        "all-small-caps"
    )
    rank = first.locator(".trending-rank")
    headline = first.locator("a")
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert rank.evaluate(size) > 1.5 * headline.evaluate(size)
    # Headlines read like the site's other lists: dark, not underlined.
    assert headline.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert headline.evaluate("e => getComputedStyle(e).color") != ACCENT
    # The rank stands to the left of its headline and its region label.
    assert (
        box(page, "section.trending .trending-rank")["x"] + 10
        < (box(page, "section.trending li a")["x"])
    )
    assert (
        box(page, "section.trending .region")["y"]
        > (box(page, "section.trending li a")["y"])
    )


def test_menus_open_one_at_a_time_and_close_outside_or_on_escape(
    live_server, story, browser
):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + story.get_absolute_url())
    menu = page.get_by_role("navigation", name="Main")
    sectors = menu.locator("summary", has_text="Sectors")
    editions = menu.locator("summary", has_text="Editions")

    def shown() -> list[bool]:
        return page.locator(".menu details").evaluate_all("ds => ds.map(d => d.open)")

    sectors.click()
    assert shown() == [True, False]
    editions.click()
    assert shown() == [False, True]
    page.mouse.click(DESKTOP["width"] - 20, DESKTOP["height"] - 20)  # outside
    assert shown() == [False, False]

    editions.focus()
    page.keyboard.press("Enter")
    assert shown() == [False, True]
    page.keyboard.press("Tab")  # into the open menu
    page.keyboard.press("Escape")
    assert shown() == [False, False]
    # Focus goes back to the menu's button, not lost at the top of the page.
    assert page.evaluate("document.activeElement.textContent") == "Editions"

    sectors.click()
    menu.get_by_role("link", name="Health", exact=True).click()
    page.wait_for_url("**/sector/health/")


def test_article_head_keeps_clear_of_the_menu_and_dates_stay_whole(
    live_server, story, browser
):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + story.get_absolute_url())
    gap = box(page, ".article .label")["y"] - (
        box(page, ".masthead")["y"] + box(page, ".masthead")["height"]
    )
    assert gap >= 12
    # Each date and time on one line, however the meta line wraps.
    for time_element in page.locator(".article .meta time").all():
        assert time_element.evaluate("e => e.getClientRects().length") == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_feedback_form_labels_above_fields_and_errors_in_red(live_server, browser):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/feedback/")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state()
    for label, field in (
        ("Your name", "#id_name"),
        ("Your email", "#id_email"),
        ("Message", "#id_message"),
    ):
        label_box = box(page, f"label:text-is('{label}')")
        field_box = box(page, field)
        error = page.locator(f"{field} ~ .errorlist, .errorlist:has(+ {field})").first
        error_box = error.bounding_box()
        assert error.inner_text() == "This field is required."
        assert error.evaluate("e => getComputedStyle(e).color") == ACCENT
        assert error.evaluate("e => getComputedStyle(e).listStyleType") == "none"
        # Label, then its error, then the field, one above the other.
        assert label_box["y"] + label_box["height"] <= error_box["y"] + 1
        assert error_box["y"] + error_box["height"] <= field_box["y"] + 1
        assert abs(label_box["x"] - field_box["x"]) < 2
    button = page.get_by_role("button", name="Send feedback")
    assert (
        "serif"
        not in button.evaluate("e => getComputedStyle(e).fontFamily").split(",")[0]
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_newsletter_checkboxes_stay_with_their_labels(live_server, story, browser):
    """On a phone the footer's choices wrap between choices, never between a box
    and its name."""
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + story.get_absolute_url())
    page.locator(".newsletter summary").click()
    labels = page.locator(".newsletter fieldset label").all()
    assert len(labels) > 10
    for label in labels:
        assert label.evaluate("e => e.getClientRects().length") == 1
        boxed = label.bounding_box()
        checkbox = label.locator("input[type=checkbox]").bounding_box()
        assert boxed and checkbox
        assert boxed["y"] <= checkbox["y"] and (
            checkbox["y"] + checkbox["height"] <= boxed["y"] + boxed["height"] + 1
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_desk_edit_page_and_queue_fit_a_phone(live_server, browser, django_user_model):
    roles.ensure_roles()
    make_user(django_user_model, "eddie", "editor")
    draft = Article.objects.create(
        headline="Floods close schools in northern Ghana after a week of heavy rain",
        standfirst="Heavy rain shut 140 schools.",
        body_html="<p>Floods closed 140 schools on Thursday.</p>",
        dateline="Tamale",
        agencies=["Meridian Press Agency", "Northwind Wire"],
    )
    page = sign_in(browser, live_server.url, "eddie")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/desk/articles/{draft.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{live_server.url}/desk/queue/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    queue = page.locator("table.queue")
    # The table scrolls sideways inside its own box instead.
    assert queue.evaluate("e => e.scrollWidth > e.clientWidth")
    assert queue.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert page.get_by_role("link", name=draft.headline).is_visible()
