"""The page cache: anonymous pages are stored, and the desk's acts purge them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from tests.test_reader_pages import make_article
from wiredesk.desk.models import Article, Brief, HomePin, Page


@pytest.fixture
def article(db) -> Article:
    return make_article("Cholera outbreak spreads in Accra")


def get(client, url: str, **headers):
    return client.get(url, headers=headers)


def test_second_anonymous_request_is_served_from_the_cache(client, article):
    """The first request renders the page; the second comes from the cache and
    runs no database query at all."""
    url = article.get_absolute_url()
    assert get(client, url)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert b"Cholera outbreak spreads in Accra" in second.content


def test_headers_let_nginx_or_a_cdn_hold_the_page(client, article, settings):
    """Cache-Control carries s-maxage = CACHE_SECONDS and stale-while-revalidate;
    ETag and Last-Modified allow conditional requests, answered with 304."""
    settings.CACHE_SECONDS = 120
    first = get(client, "/")
    assert first["Cache-Control"] == (
        "public, max-age=0, s-maxage=120, stale-while-revalidate=120"
    )
    assert first["ETag"] and first["Last-Modified"]
    again = get(client, "/", If_None_Match=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert get(client, "/", If_None_Match='"other"').status_code == 200


@pytest.mark.parametrize("action", ["unpublish", "expire", "edit", "delete"])
def test_desk_action_purges_pages_showing_the_article(client, article, action):
    """After the desk unpublishes, expires, edits or deletes an article, no reader
    sees the old version on the article page, home or listings."""
    urls = [article.get_absolute_url(), "/", "/latest/", "/sector/health/"]
    for url in urls:
        get(client, url)
        assert get(client, url)["X-Page-Cache"] == "hit"
    if action == "unpublish":
        article.status = Article.Status.UNPUBLISHED
        article.save()
    elif action == "expire":
        from django.utils import timezone

        article.expire_at = timezone.now()
        article.save()
    elif action == "edit":
        article.headline = "Cholera outbreak slows in Accra"
        article.save()
    else:
        article.delete()
    for url in urls[1:]:
        page = get(client, url).content
        assert b"Cholera outbreak spreads in Accra</a>" not in page, url
        assert (b"outbreak slows" in page) == (action == "edit"), url
    response = get(client, urls[0])
    if action == "edit":
        assert response.status_code == 301
    else:  # unpublished or expired: gone; deleted: not found
        assert response.status_code == (404 if action == "delete" else 410)


def test_publishing_a_new_article_shows_it_at_once(client, article):
    """A newly published article is on the home page at the next request."""
    get(client, "/")
    make_article("Fresh news from Lagos")
    assert b"Fresh news from Lagos" in get(client, "/").content


def test_saving_a_draft_keeps_the_cache(client, article):
    """Drafts saved by the agency path do not empty the cache (they show nowhere)."""
    get(client, "/")
    make_article("Still a draft", published=False)
    assert get(client, "/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("change", ["pin", "brief", "page"])
def test_pins_briefs_and_footer_pages_purge(client, article, change):
    """Pinning a story, publishing a brief or editing a footer page shows at once."""
    get(client, "/")
    if change == "pin":
        other = make_article("Pinned from long ago", minutes_ago=60 * 24 * 5)
        get(client, "/")
        HomePin.objects.create(article=other, position=0)
        expected = b"Pinned from long ago"
        top = get(client, "/").content.split(b'class="top-stories"')[1]
        assert expected in top.split(b"</section>")[0]
        return
    if change == "brief":
        from django.utils import timezone

        Brief.objects.create(
            text="Brief news now.", status="published", published_at=timezone.now()
        )
        assert b"Brief news now." in get(client, "/").content
    else:
        Page.objects.filter(slug="about").delete()
        Page.objects.create(slug="about", title="Who we are")
        assert b"Who we are" in get(client, "/").content


def test_signed_in_users_bypass_the_cache(client, article):
    """A signed-in user never gets a stored page and their pages are private."""
    get(client, "/")
    client.force_login(User.objects.create_user("ed", password="pw", is_staff=True))
    response = get(client, "/")
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"


def test_query_string_is_part_of_the_key(client, db):
    """Page 2 of a listing is stored apart from page 1."""
    for i in range(25):
        make_article(f"Item {i:02d}", minutes_ago=i)
    get(client, "/latest/")
    second = get(client, "/latest/?page=2")
    assert second["X-Page-Cache"] == "miss" and b"Item 24" in second.content


def test_unknown_hosts_are_refused_even_when_cached(client, article, settings):
    """The Host header is checked before the cache is read."""
    get(client, "/")
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_pages_made_during_a_save_are_dropped_when_it_commits(
    client, article, django_capture_on_commit_callbacks
):
    """A page rendered between the save and its commit is stale after the commit."""
    seen = []

    def render_during_save(sender, instance, **kwargs):
        seen.append(get(client, "/")["X-Page-Cache"])

    with django_capture_on_commit_callbacks(execute=True):
        pre_save.connect(render_during_save, sender=Article, dispatch_uid="t")
        try:
            article.headline = "Cholera outbreak slows in Accra"
            article.save()
        finally:
            pre_save.disconnect(dispatch_uid="t", sender=Article)
    assert seen == ["miss"]
    assert get(client, "/")["X-Page-Cache"] == "miss"
    assert b"outbreak slows" in get(client, "/").content


def test_cache_seconds_zero_turns_the_cache_off(client, article, settings):
    """CACHE_SECONDS=0: every page is rendered and marked no-cache."""
    settings.CACHE_SECONDS = 0
    get(client, "/")
    response = get(client, "/")
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"


def test_another_process_purging_makes_this_ones_pages_stale(client, article, settings):
    """Without Redis each process keeps its own cache, yet a purge in another
    process (the task worker publishes) makes this process's stored pages stale."""
    import os
    import subprocess
    import sys

    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if not isinstance(caches["default"], LocMemCache):
        pytest.skip("the cache is shared (Redis): the generation lives in it")
    get(client, "/")
    assert get(client, "/")["X-Page-Cache"] == "hit"
    env = {**os.environ, "WIREDESK_HOME": str(settings.BASE_DIR)}
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    code = "import django; django.setup(); from wiredesk.reader import cache; "
    code += "cache._bump()"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert get(client, "/")["X-Page-Cache"] == "miss"


def test_the_scheduler_taking_down_an_expired_article_purges_its_pages(client, article):
    """Pages cached before an article's expiry stop showing it once the scheduler
    expires it, with no other desk activity."""
    from datetime import timedelta

    from django.utils import timezone

    from wiredesk.desk.workflow import run_schedule

    urls = [article.get_absolute_url(), "/", "/latest/"]
    for url in urls:
        get(client, url)
        assert get(client, url)["X-Page-Cache"] == "hit"
    # Time passes: the expiry is now behind us (no save, no signal).
    Article.objects.filter(pk=article.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    assert run_schedule() == (0, 1)
    for url in urls[1:]:
        assert b"Cholera outbreak spreads in Accra</a>" not in get(client, url).content
    assert get(client, urls[0]).status_code == 410
