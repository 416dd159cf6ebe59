"""Polling a source over HTTP: politeness, server hints, errors, charsets, full text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import rss
from tests.localserver import Reply
from wiredesk.ingest import pipeline
from wiredesk.ingest.models import FetchRun, HostSlot, Source, WireItem

pytestmark = pytest.mark.django_db

BODY = "The ministry said the programme would reach every district by June."


def make_source(url: str, **extra) -> Source:
    fields = {
        "name": "Test wire",
        "slug": "test-wire",
        "agency": "Test Agency",
        "url": url,
        "allow_private": True,
        "poll_interval": 300,
    }
    return Source.objects.create(**{**fields, **extra})


def seconds_until(moment) -> float:
    return (moment - timezone.now()).total_seconds()


def test_retry_after_is_respected(local_server):
    """A 503 with Retry-After puts the next poll no sooner than the server asked."""
    local_server.routes["/feed"] = Reply(503, b"busy", {"Retry-After": "7200"})
    source = make_source(local_server.url("/feed"))
    run = pipeline.fetch_source(source)
    assert run.outcome == FetchRun.Outcome.ERROR
    assert "HTTP 503" in run.error and "test-wire" in run.error
    source.refresh_from_db()
    assert seconds_until(source.next_fetch_at) > 7000
    assert source.consecutive_failures == 1 and source.enabled


def test_cache_control_max_age_delays_the_next_poll(local_server):
    """A feed fresh for an hour is not polled again within that hour."""
    feed = rss(("g1", "Headline one", BODY))
    local_server.routes["/feed"] = Reply(200, feed, {"Cache-Control": "max-age=3600"})
    source = make_source(local_server.url("/feed"), poll_interval=60)
    pipeline.fetch_source(source)
    source.refresh_from_db()
    assert seconds_until(source.next_fetch_at) > 3500


def test_backoff_grows_then_recovers_by_itself(local_server):
    """Failures back off exponentially; the first success resets the source."""
    local_server.routes["/feed"] = Reply(500, b"oops")
    source = make_source(local_server.url("/feed"), poll_interval=60)
    delays = []
    for _ in range(3):
        pipeline.fetch_source(source)
        delays.append(seconds_until(source.next_fetch_at))
    assert delays[0] < delays[1] < delays[2]
    assert source.consecutive_failures == 3 and source.enabled
    local_server.routes["/feed"] = Reply(200, rss(("g1", "Back again", BODY)))
    run = pipeline.fetch_source(source)
    assert run.outcome == FetchRun.Outcome.OK and run.items_new == 1
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_error == ""
    assert source.last_success_at is not None
    assert seconds_until(source.next_fetch_at) <= 61


def test_private_address_refused_unless_allowed(local_server):
    """A source on loopback is refused by default, with the reason recorded."""
    local_server.routes["/feed"] = Reply(200, rss(("g1", "Headline", BODY)))
    source = make_source(local_server.url("/feed"), allow_private=False)
    run = pipeline.fetch_source(source)
    assert run.outcome == FetchRun.Outcome.ERROR
    source.refresh_from_db()
    assert "non-public address 127.0.0.1" in source.last_error
    assert "test-wire" in source.last_error
    assert not WireItem.objects.exists()


def test_http_charset_decodes_a_feed_without_declaration(local_server):
    """A Latin-1 feed labelled only by its Content-Type header reads correctly."""
    feed = rss(("g1", "Café prices in São Paulo", BODY)).replace(
        b'<?xml version="1.0" encoding="utf-8"?>', b""
    )
    latin = feed.decode("utf-8").encode("iso-8859-1")
    local_server.routes["/feed"] = Reply(
        200, latin, {"Content-Type": "application/rss+xml; charset=ISO-8859-1"}
    )
    pipeline.fetch_source(make_source(local_server.url("/feed")))
    assert WireItem.objects.get().headline == "Café prices in São Paulo"


def test_slow_body_times_out(local_server, settings):
    """A server trickling its body past the total timeout fails the fetch."""
    settings.FETCH_TIMEOUT = 1
    local_server.routes["/feed"] = Reply(200, [b"<rss>"] * 10, delay=0.3)
    run = pipeline.fetch_source(make_source(local_server.url("/feed")))
    assert run.outcome == FetchRun.Outcome.ERROR
    assert "timed out" in run.error


def test_host_politeness_is_shared_through_the_database():
    """A second claim on one host within the gap must wait; other hosts need not."""
    assert pipeline.claim_host("wire.test", 30) == 0
    assert pipeline.claim_host("wire.test", 30) > 25
    assert pipeline.claim_host("other.test", 30) == 0
    HostSlot.objects.filter(host="wire.test").update(
        next_allowed_at=timezone.now() - timedelta(seconds=1)
    )
    assert pipeline.claim_host("wire.test", 30) == 0


def test_teaser_items_get_full_text_from_their_page(local_server):
    """With full text on, a teaser's body is extracted from the linked page."""
    paragraphs = "".join(
        f"<p>Paragraph {n} of the full report says the water board will lay new "
        f"pipes in district {n} and train local technicians to maintain them.</p>"
        for n in range(1, 9)
    )
    page = (
        "<html><head><title>Water</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Water for all</h1>{paragraphs}</article>"
        "<footer>Copyright</footer></body></html>"
    ).encode()
    local_server.routes["/story.html"] = Reply(200, page, {"Content-Type": "text/html"})
    feed = rss(("g1", "Water for all", "Short teaser.")).replace(
        b"<guid>g1</guid>",
        f"<guid>g1</guid><link>{local_server.url('/story.html')}</link>".encode(),
    )
    local_server.routes["/feed"] = Reply(200, feed)
    pipeline.fetch_source(make_source(local_server.url("/feed"), fetch_full_text=True))
    item = WireItem.objects.get()
    assert "Paragraph 8 of the full report" in item.body_text
    assert "Copyright" not in item.body_text and "Home | World" not in item.body_text
    assert item.summary == "Short teaser."


def test_one_bad_item_does_not_stop_the_feed(local_server):
    """An item with no id, link or title is skipped with a reason; the rest store."""
    feed = rss(("g1", "Good one", BODY), ("g2", "Good two", BODY)).replace(
        b"</channel>", b"<item><description></description></item></channel>"
    )
    local_server.routes["/feed"] = Reply(200, feed)
    run = pipeline.fetch_source(make_source(local_server.url("/feed")))
    assert run.items_new == 2
    assert run.items_skipped == 1
