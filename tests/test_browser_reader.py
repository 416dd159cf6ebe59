"""A reader in a real Chromium (Debian's, never downloaded), on a phone and a desktop.

axe-core, the npm package (installed by `make test` into .cache/node), is injected
into each page and must report no serious or critical accessibility violation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from tests.conftest import CHROMIUM
from tests.test_reader_pages import make_article
from wiredesk.desk.models import Author, Brief

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

pytestmark = [
    pytest.mark.browser,
    # Live-server tests empty the tables after each test; this puts back the
    # sectors, countries and editions that migrations loaded.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed"),
]


@pytest.fixture
def site(live_server):
    """A small real site: news in three sectors, an opinion piece, a brief."""
    writer = Author.objects.create(
        name="Ada Columnist", role="Health columnist", bio="Writes on public health."
    )
    make_article(
        "Cholera outbreak spreads in Accra",
        body_html="<p>Health officials counted new cholera cases.</p>"
        "<p>Clinics in the capital stayed open late.</p>",
        agencies=["Meridian", "Northwind"],
    )
    make_article("Clinics hire more nurses", minutes_ago=20)
    make_article("Solar farm opens", sector_id="energy", country_id="KE", minutes_ago=5)
    make_article(
        "Paris climate talks resume",
        sector_id="environment-climate",
        country_id="FR",
        edition_id="europe",
        minutes_ago=40,
    )
    opinion = make_article(
        "Why clinics matter", kind="opinion", author=writer, minutes_ago=50
    )
    Brief.objects.create(
        text="Rain expected in Accra.", status="published", published_at=timezone.now()
    )
    live_server.opinion_url = opinion.get_absolute_url()
    return live_server.url


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits_the_window(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reader_goes_home_sector_article_search_edition(site, browser, viewport):
    """Home → a sector from the menu → an article → a search from the header →
    an edition from the menu; each page fits the window without sideways scroll."""
    page = browser.new_page(viewport=viewport)
    page.goto(site + "/")
    assert page.get_by_role("heading", name="Top stories").is_visible()
    assert fits_the_window(page)

    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_text("Sectors", exact=True).click()
    menu.get_by_role("link", name="Health", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Health"
    assert fits_the_window(page)

    page.get_by_role("link", name="Cholera outbreak spreads in Accra").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Cholera outbreak spreads in Accra"
    assert page.get_by_role("heading", name="Share this story").is_visible()
    assert fits_the_window(page)

    page.get_by_label("Search the site").fill("cholera")
    page.get_by_label("Search the site").press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Search"
    assert page.locator("ol.results mark").first.inner_text().lower() == "cholera"
    assert fits_the_window(page)

    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_text("Editions", exact=True).click()
    menu.get_by_role("link", name="Europe", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Europe edition"
    assert page.get_by_role(
        "link", name="Paris climate talks resume"
    ).first.is_visible()
    assert fits_the_window(page)


def test_skip_link_is_first_and_visible_on_focus(site, browser):
    """The first Tab shows the skip link, which leads to the main content."""
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    box = page.locator("a.skip").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_pages_read_without_javascript(site, browser):
    """With JavaScript off, the home page shows its stories and the menus open."""
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/")
    assert page.get_by_role(
        "link", name="Cholera outbreak spreads in Accra"
    ).first.is_visible()
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_text("Sectors", exact=True).click()
    assert menu.get_by_role("link", name="Health", exact=True).is_visible()
    context.close()


@pytest.mark.skipif(
    not AXE.exists(), reason=f"axe-core not installed at {AXE} (run `make test`)"
)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize(
    "path",
    ["/", "article", "/search/?q=cholera", "/sector/health/", "/opinion/"],
)
def test_no_serious_accessibility_violation(live_server, site, browser, viewport, path):
    """axe-core finds no serious or critical violation on home, article, search and
    listing pages."""
    if path == "article":
        path = live_server.opinion_url
    page = browser.new_page(viewport=viewport)
    page.goto(site + path)
    assert serious_violations(page) == []
