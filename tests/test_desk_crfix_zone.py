"""The desk and its admin are in site time under a script prefix too (code review).

DeskTimeZoneMiddleware compared the desk's reversed address (with the script
prefix) with the request's path_info (without it), so a site mounted under a
path (SCRIPT_NAME) showed the admin in UTC; and it kept the address of whichever
request came first. The desk's views no longer activate the zone themselves:
the middleware is the one place, so the desk's pages are checked under a prefix
as well as the admin's.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse, set_script_prefix

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_reader_fastpath import app, call  # noqa: F401 (a fixture)
from wiredesk.desk.models import Article

pytestmark = pytest.mark.django_db

GO_LIVE = datetime(2031, 1, 15, 4, 30, tzinfo=UTC)  # 10:00 in Kolkata


@pytest.fixture
def scheduled(article, settings) -> Article:
    settings.SITE_TIME_ZONE = "Asia/Kolkata"
    article.go_live_at = GO_LIVE
    article.save()
    return article


def page(app, client, user, path: str, script: str = "") -> str:  # noqa: F811
    """The page at ``path`` (as path_info has it), asked as a server asks under
    SCRIPT_NAME ``script``, by ``user`` signed in."""
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    try:
        status, _, body = call(app, path, script=script, cookie=cookie)
    finally:
        set_script_prefix("/")  # the handler left it set for this thread
    assert status == 200
    return body.decode()


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x-pass-1")


def test_the_admin_under_a_script_prefix_shows_site_time(
    app,  # noqa: F811
    client,
    admin_user,
    scheduled,
):
    """The admin's expiry field (its time box) reads 10:00, not 04:30 (UTC)."""
    Article.objects.filter(pk=scheduled.pk).update(expire_at=GO_LIVE)
    path = f"/desk/admin/desk/article/{scheduled.pk}/change/"
    shown = 'name="expire_at_1" value="10:00:00"'
    assert shown in page(app, client, admin_user, path, script="/sub")
    # The root and then the prefix again: each in site time.
    assert shown in page(app, client, admin_user, path)
    assert shown in page(app, client, admin_user, path, script="/sub")


def test_the_desk_under_a_script_prefix_shows_site_time(
    app,  # noqa: F811
    client,
    editor,
    scheduled,
):
    """The desk's own pages, now in site time by the middleware alone."""
    path = reverse("desk:edit", args=[scheduled.pk])
    for script in ("/sub", ""):
        html = page(app, client, editor, path, script=script)
        assert "Goes live 15-01-2031 10:00 IST" in html
        assert 'name="go_live_at" value="2031-01-15T10:00"' in html


def test_each_request_is_read_with_its_own_prefix(settings, scheduled):
    """Under /sub the desk's admin is in site time and a public page is left in
    the default zone (readers' pages write their own times); the desk at the
    root then too: nothing of the first request is kept."""
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils import timezone

    from wiredesk.middleware import DeskTimeZoneMiddleware

    seen: list[str] = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    middleware = DeskTimeZoneMiddleware(view)
    factory = RequestFactory()
    set_script_prefix("/sub/")
    try:
        middleware(factory.get("/news/", SCRIPT_NAME="/sub"))
        middleware(factory.get("/desk/admin/", SCRIPT_NAME="/sub"))
    finally:
        set_script_prefix("/")
    middleware(factory.get("/desk/"))
    assert seen == [settings.TIME_ZONE, "Asia/Kolkata", "Asia/Kolkata"]
