"""TRENDING: a cookie-free beacon, once per client, article and hour; decayed scores
per edition and site-wide; the numbered list with region labels."""

from __future__ import annotations

import os
import secrets
import time
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template

from wiredesk import registry
from wiredesk.audience import trending
from wiredesk.audience.beacons import beacon_url
from wiredesk.audience.models import PageViewSeen
from wiredesk.desk.models import Article

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
NOW = 1_770_000_000.0  # a fixed moment, so hour buckets are predictable


@pytest.fixture(autouse=True)
def _clean(clean_trending):
    """Every test here starts with no counts or lists (conftest.clean_trending)."""
    yield


def redis_store() -> trending.RedisStore:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis store is tested when it is")
    return trending.RedisStore(url, prefix=f"test-{secrets.token_hex(4)}:")


@pytest.fixture(params=["database", "redis"])
def store(request):
    """Each store behind the one interface."""
    if request.param == "database":
        yield trending.DatabaseStore()
        return
    found = redis_store()
    yield found
    for key in found.client.scan_iter(f"{found.prefix}*"):
        found.client.delete(key)


def article(headline: str, country: str | None = "KE", edition: str = "africa"):
    return Article.objects.create(
        headline=headline,
        status=Article.Status.PUBLISHED,
        live=True,
        country_id=country,
        edition_id=edition,
    )


def test_a_client_counts_once_per_article_and_hour(store):
    """The same visitor is counted once an hour per article; the next hour, or
    another article, counts again."""
    hour = trending.hour_of(NOW)
    assert store.record(1, "visitor-a", hour) is True
    assert store.record(1, "visitor-a", hour) is False
    assert store.record(1, "visitor-b", hour) is True
    assert store.record(2, "visitor-a", hour) is True
    assert store.record(1, "visitor-a", hour + 1) is True
    assert store.counts(hour, hour + 1) == {hour: {1: 2, 2: 1}, hour + 1: {1: 1}}


def test_salt_is_kept_for_the_day_and_new_the_next(store):
    """All processes share one salt a day; the next day's is different."""
    first = store.salt(date(2026, 2, 5))
    assert store.salt(date(2026, 2, 5)) == first
    assert store.salt(date(2026, 2, 6)) != first


def test_lists_round_trip(store):
    """A saved list is read back as it was stored; an unknown edition is empty."""
    items = [{"id": 1, "headline": "H", "url": "/news/1/h/", "region": "Africa"}]
    store.save_lists({"": items, "africa": items})
    assert store.read_list("") == items
    assert store.read_list("europe") == []


def test_decay_halves_a_view_every_half_life():
    """A view one half-life old weighs half as much as a fresh one."""
    hour = trending.hour_of(NOW)
    now = hour * 3600 + 1800  # the middle of the current bucket
    scores = trending.decayed_scores({hour: {1: 4}, hour - 6: {2: 4}}, now, 6.0)
    assert scores[1] == pytest.approx(4.0)
    assert scores[2] == pytest.approx(2.0)


def test_beacon_counts_a_view_without_cookies_or_caching(client):
    """A page view is counted; the answer sets no cookie and may not be cached."""
    story = article("Rains return to the Horn of Africa")
    response = client.post(beacon_url(story.pk), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 204
    assert response.cookies == {}
    assert response["Cache-Control"] == "no-store"
    pixel = client.get(beacon_url(story.pk), HTTP_USER_AGENT=BROWSER + " Other")
    assert pixel["Content-Type"] == "image/gif"
    hour = trending.hour_of(time.time())
    assert trending.get_store().counts(hour, hour) == {hour: {story.pk: 2}}


def test_repeat_views_and_bots_are_not_counted(client):
    """A reload by the same client and a crawler's visit add nothing."""
    story = article("Port strike ends in Mombasa")
    url = beacon_url(story.pk)
    client.post(url, HTTP_USER_AGENT=BROWSER)
    client.post(url, HTTP_USER_AGENT=BROWSER)
    client.post(url, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.post(url, HTTP_USER_AGENT="")
    client.post(url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.44")
    hour = trending.hour_of(time.time())
    assert trending.get_store().counts(hour, hour) == {hour: {story.pk: 2}}


def test_raw_addresses_are_never_stored(client):
    """Only a salted hash of the client is kept, never its address."""
    story = article("Harvest forecast raised")
    url = beacon_url(story.pk)
    client.post(url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7")
    if django_settings.REDIS_URL:
        store = trending.get_store()
        stored = b" ".join(
            member
            for key in store.client.scan_iter(f"{store.prefix}seen:*")
            for member in store.client.smembers(key)
        )
        assert stored and b"198.51.100.7" not in stored
    else:
        [seen] = PageViewSeen.objects.all()
        assert "198.51" not in seen.visitor and len(seen.visitor) == 32


def test_one_address_rotating_user_agents_counts_only_up_to_its_hourly_limit(
    client,
):
    """An address posing as 300 visitors (a new User-Agent each time) adds at
    most 120 views an hour; every beacon is still answered, another address
    still counts, and the limit's cache keys hold no raw address."""
    story = article("Fuel prices cut in Kampala")
    url = beacon_url(story.pk)
    address = f"198.18.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"
    answers = {
        client.post(
            url, HTTP_USER_AGENT=f"{BROWSER} v{n}", REMOTE_ADDR=address
        ).status_code
        for n in range(300)
    }
    assert answers == {204}
    client.post(url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.99")
    hour = trending.hour_of(time.time())
    views = trending.get_store().counts(hour, hour)[hour][story.pk]
    assert 2 <= views <= 2 * 120 + 1  # a new limit window may start mid-run
    if django_settings.REDIS_URL:
        store = trending.get_store()
        keys = b" ".join(store.client.scan_iter("*"))
        assert address.encode() not in keys


def test_forged_beacon_is_refused(client):
    """A beacon for an id the site never signed counts nothing."""
    response = client.post("/t/12:forged/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404


def view(story: Article, visitors: int, at: float) -> None:
    for n in range(visitors):
        trending.record_view(story.pk, f"203.0.113.{n}", BROWSER, now=at)


def test_recompute_ranks_by_decayed_views_per_edition():
    """Recent views outrank older ones, each edition lists only its stories, and
    unpublished stories never appear."""
    drought = article("Drought deepens in Somalia", "SO", "africa")
    floods = article("Floods in Kerala", "IN", "asia-pacific")
    old_news = article("Yesterday's summit", "KE", "africa")
    pulled = article("Retracted report", "KE", "africa")
    view(old_news, 10, NOW - 12 * 3600)  # 10 views 12 hours ago: 10/4 = 2.5
    view(drought, 4, NOW)
    view(floods, 3, NOW)
    view(pulled, 50, NOW)
    Article.objects.filter(pk=pulled.pk).update(status=Article.Status.UNPUBLISHED)
    trending.recompute(now=NOW)
    ranked = [i["id"] for i in trending.trending()]
    assert ranked == [drought.pk, floods.pk, old_news.pk]
    assert [i["id"] for i in trending.trending("africa")] == [drought.pk, old_news.pk]
    assert [i["id"] for i in trending.trending("asia-pacific")] == [floods.pk]
    assert trending.trending("europe") == []
    assert trending.trending(limit=1)[0]["region"] == "Africa"


def test_the_list_moves_with_page_views():
    """After more readers open a story, the next recompute puts it first."""
    first = article("Vaccines reach rural clinics")
    second = article("Solar farm opens")
    view(first, 2, NOW)
    view(second, 1, NOW)
    trending.recompute(now=NOW)
    assert trending.trending()[0]["id"] == first.pk
    for n in range(5):
        trending.record_view(second.pk, f"198.51.100.{n}", BROWSER, now=NOW + 60)
    trending.recompute(now=NOW + 60)
    assert trending.trending()[0]["id"] == second.pk


def test_trending_tag_shows_numbered_items_with_region_labels():
    """The tag renders an ordered list: rank, linked headline, region label."""
    kenya = article("Nairobi marathon record", "KE", "africa")
    france = article("Paris climate talks", "FR", "europe")
    view(kenya, 3, NOW)
    view(france, 2, NOW)
    trending.recompute(now=NOW)
    html = Template("{% load audience %}{% trending_list None 5 %}").render(Context())
    assert html.index("Nairobi marathon record") < html.index("Paris climate talks")
    assert '<span class="trending-rank" aria-hidden="true">1</span>' in html
    assert f'<a href="{kenya.get_absolute_url()}">' in html
    assert '<span class="region">Africa</span>' in html
    assert '<span class="region">Europe</span>' in html
    europe = Template("{% load audience %}{% trending_list 'europe' 5 %}").render(
        Context()
    )
    assert "Paris climate talks" in europe and "Nairobi" not in europe


def test_beacon_tag_points_at_the_signed_beacon():
    """Article pages load a small script that posts to the article's beacon."""
    story = article("Wheat prices fall")
    html = Template("{% load audience %}{% pageview_beacon article %}").render(
        Context({"article": story})
    )
    assert f'data-beacon="{beacon_url(story.pk)}"' in html
    assert "audience/beacon.js" in html


def test_recompute_runs_every_minute_from_the_scheduler():
    """The periodic job is registered for every 60 s and recomputes the lists."""
    job = registry.periodic_jobs.get("trending")
    assert job.every == 60
    story = article("Markets rally")
    trending.record_view(story.pk, "192.0.2.1", BROWSER)
    job.run()  # enqueues; the test task backend runs it at once
    assert [i["id"] for i in trending.trending()] == [story.pk]
