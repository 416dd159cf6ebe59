"""A reader's view of the demo in a real Chromium (Debian's, never downloaded)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import datetime

import httpx
import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port
from wiredesk.demo import content

META = re.compile(
    r"^(?P<desk>.+?) \| (?P<dateline>.+?) \| Updated: (?P<updated>\d\d-\d\d-\d{4} "
    r"\d\d:\d\d) (?P<zone>\S+) \| Created: (?P<created>\d\d-\d\d-\d{4} \d\d:\d\d) "
    r"(?P<zone2>\S+)$"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed"),
]


@pytest.fixture
def demo(process_env):
    """`wiredesk demo` on a free port, showing India time like the seed site."""
    port = free_port()
    env = {**process_env, "SITE_TIME_ZONE": "Asia/Kolkata", "DESK_NAME": "Test Desk"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "wiredesk", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: _home_has(url, len(content.ITEMS) - 2), 90, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _home_has(url: str, count: int) -> bool:
    """Top stories and Latest News together list ``count`` stories (the sector
    blocks further down repeat some of them)."""
    try:
        html = httpx.get(url, timeout=3).text
    except httpx.TransportError:
        return False
    lists = html.split('class="sector-block"')[0].split('class="front-side"')[0]
    return lists.count('<li class="teaser') >= count


def wait_until(check, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"demo exited early:\n{proc.stdout.read()}")
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the demo")
        time.sleep(1)


def headline_of(guid: str, version: int = -1) -> str:
    item = next(i for i in content.ITEMS if i.guid == guid)
    return item.versions[version].headline


def test_reader_sees_the_demo_as_on_the_seed_site(demo):
    """Home lists each story once; an article shows every field of the seed page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(demo)
        assert page.get_by_role("heading", name="Latest News").is_visible()
        teasers = page.locator(
            ".top-stories li.teaser h3 a, .latest-news li.teaser h3 a"
        )
        headlines = teasers.all_inner_texts()
        assert len(headlines) == len(set(headlines)) == len(content.ITEMS) - 2

        # A cross-agency story: shown once, credited to both agencies.
        for guids in content.CROSS_AGENCY_STORIES:
            titles = [headline_of(g) for g in guids]
            shown = [h for h in headlines if h in titles]
            assert len(shown) == 1, f"one of {titles} once, got {shown}"

        first = headline_of(content.CROSS_AGENCY_STORIES[0][0])
        page.get_by_role("link", name=first).first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == first
        standfirst = page.locator("p.standfirst").inner_text()
        assert 5 < len(standfirst.split()) <= 60
        meta = " ".join(page.locator("p.meta").inner_text().split())
        match = META.match(meta)
        assert match, meta
        assert match["desk"] == "Test Desk"
        assert match["dateline"] == "Accra"
        assert match["zone"] == match["zone2"] == "IST"
        assert page.locator("p.country").inner_text() == "Country: Ghana"
        assert len(page.locator("div.body p").all()) >= 3
        credit = page.locator("p.credit").inner_text()
        agencies = {a.slug: a.name for a in content.AGENCIES}
        for guid in content.CROSS_AGENCY_STORIES[0]:
            assert agencies[guid.split(":")[1]] in credit
        assert credit.startswith("(With inputs from")
        browser.close()


def test_agency_update_shows_a_later_updated_time(demo):
    """After the agency updates its item, the article's Updated is after Created."""
    from playwright.sync_api import sync_playwright

    new_headline = "Zambia cholera deaths rise to 31"
    wait_until(lambda: new_headline in httpx.get(demo, timeout=3).text, 120)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(demo)
        page.get_by_role("link", name=re.compile(new_headline)).first.click()
        page.wait_for_load_state()
        meta = " ".join(page.locator("p.meta").inner_text().split())
        match = META.match(meta)
        assert match, meta
        updated = datetime.strptime(match["updated"], "%d-%m-%Y %H:%M")
        created = datetime.strptime(match["created"], "%d-%m-%Y %H:%M")
        assert updated > created
        assert "(With inputs from agencies.)" in page.locator("p.credit").inner_text()
        browser.close()
