"""A reader in a real Chromium on a cached article page: the page-view beacon
counts, the newsletter box subscribes, and the mails (caught by a real aiosmtpd
server) confirm the address and unsubscribe it in one click."""

from __future__ import annotations

import re
import time
from datetime import time as clock

import httpx
import pytest
from django.core.cache import cache

from tests.conftest import CHROMIUM
from tests.test_reader_pages import make_article
from wiredesk.audience import trending
from wiredesk.audience.models import DigestSettings, Subscriber
from wiredesk.audience.newsletter import digests, sending
from wiredesk.demo.mail import MailCatcher

# A desktop Chrome's user agent: headless Chromium names itself HeadlessChrome,
# which the beacon rightly ignores as a bot.
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)

pytestmark = [
    pytest.mark.browser,
    # Live-server tests empty the tables after each test; this puts back the
    # sectors, countries and editions that migrations loaded.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed"),
]


def views_of(article_id: int) -> int:
    """The article's counted views in the current and previous hour buckets."""
    hour = trending.hour_of(time.time())
    buckets = trending.get_store().counts(hour - 1, hour).values()
    return sum(bucket.get(article_id, 0) for bucket in buckets)


def mail_to(smtp: MailCatcher, address: str, number: int):
    """The ``number``-th mail (1-based) to ``address``, waiting up to 10 s."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        mails = [m for m in list(smtp.messages) if m["To"] == address]
        if len(mails) >= number:
            return mails[number - 1]
        time.sleep(0.05)
    raise AssertionError(f"no mail #{number} to {address}")


def test_reader_on_a_cached_page_counts_subscribes_confirms_and_unsubscribes(
    live_server, browser, smtp, settings
):
    """On a cached article page the beacon counts one view (a bot's none); the
    box subscribes with a token its script fetched; the mailed link confirms;
    the digest's List-Unsubscribe URL unsubscribes with one click."""
    cache.clear()  # rate limits of earlier runs (Redis) start afresh
    settings.SITE_URL = live_server.url
    settings.REDIS_URL = ""  # count in the test database, read back below
    article = make_article("Flood barriers hold in Accra")
    url = live_server.url + article.get_absolute_url()
    warmed = httpx.get(url)  # fills the page cache; no script runs, no beacon
    assert warmed.status_code == 200

    # A headless browser as it comes is a known bot: its beacon is not counted.
    bot = browser.new_page()
    with bot.expect_response(lambda r: "/t/" in r.url) as beacon:
        assert bot.goto(url).headers["x-page-cache"] == "hit"
    assert beacon.value.status == 204
    assert views_of(article.pk) == 0
    bot.close()

    context = browser.new_context(user_agent=READER_AGENT)
    page = context.new_page()
    with page.expect_response(lambda r: "/t/" in r.url) as beacon:
        response = page.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    assert "cookie" not in beacon.value.request.headers
    assert beacon.value.status == 204
    assert views_of(article.pk) == 1

    # The box on the cached page carries no token; its script fetches one.
    token = page.locator("form.newsletter-form [name=csrfmiddlewaretoken]")
    assert token.input_value() == ""
    page.get_by_label("Email address").fill("Reader@Example.org")
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/newsletter/check-inbox/")
    assert page.locator("h1").inner_text() == "Check your inbox"
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.status == "pending"

    text = mail_to(smtp, "reader@example.org", 1).get_body(("plain",)).get_content()
    [confirm_url] = re.findall(r"http://\S+/newsletter/confirm/\S+", text)
    page.goto(confirm_url)
    page.get_by_role("button", name="Yes, send me the newsletter").click()
    assert page.locator("h1").inner_text() == "You are subscribed"
    subscriber.refresh_from_db()
    assert subscriber.status == "active"

    config = DigestSettings.objects.create(edition_id="global", send_at=clock(0, 0))
    report = sending.send_digest(digests.make_digest(config).pk)
    assert report.sent == 1
    digest = mail_to(smtp, "reader@example.org", 2)
    assert "Flood barriers hold in Accra" in digest.get_body(("plain",)).get_content()
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = digest["List-Unsubscribe"].strip().strip("<>")
    page.goto(unsubscribe_url)
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.locator("h1").inner_text() == "You are unsubscribed"
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"

    # The list moves with the view: after the minute's recompute the home page
    # (not cached yet) shows the story first in TRENDING, with its region.
    trending.recompute()
    page.goto(live_server.url + "/")
    first = page.locator("ol.trending-list li").first
    assert first.locator("a").inner_text() == "Flood barriers hold in Accra"
    assert first.locator(".trending-rank").inner_text() == "1"
    assert first.locator(".region").inner_text() == "Africa"
    context.close()
