"""The page cache's fast path (``wiredesk.reader.wsgi.application``, what `wiredesk
run` serves): stored pages are answered before Django builds a request, with the
same headers, and never after the desk purged them."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import set_script_prefix

from tests.test_reader_pages import make_article
from wiredesk.desk.models import Article


@pytest.fixture
def app(db) -> Iterator:
    """The WSGI application, called as a server calls it, inside the test's
    transaction (like Django's test client: connections are not closed)."""
    from wiredesk.reader.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def reached_django() -> Iterator[list[str]]:
    paths: list[str] = []

    def record(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(record, dispatch_uid="fastpath-test")
    yield paths
    request_started.disconnect(dispatch_uid="fastpath-test")


def call(
    app,
    path: str,
    method: str = "GET",
    host: str = "testserver",
    script: str = "",
    **headers,
):
    """(status code, headers, body) of one request (``script``: the SCRIPT_NAME
    of a site a proxy mounts under a path)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": script,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": BytesIO(),
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status[:3])
        answer["headers"] = dict(response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def article(db) -> Article:
    return make_article("Cholera outbreak spreads in Accra")


def test_stored_page_is_answered_before_django(app, article, reached_django):
    """The second request for a page never reaches Django, and carries the same
    headers as the first (security headers, ETag, Cache-Control)."""
    url = article.get_absolute_url()
    status, first, body = call(app, url)
    assert status == 200 and first["X-Page-Cache"] == "miss"
    assert reached_django == [url]
    status, second, again = call(app, url)
    assert status == 200 and second["X-Page-Cache"] == "hit"
    assert reached_django == [url]
    assert again == body and b"Cholera outbreak spreads in Accra" in again
    for name in ("Content-Type", "Cache-Control", "ETag", "X-Content-Type-Options"):
        assert second[name] == first[name], name
    assert second["Content-Length"] == str(len(body))


def test_head_and_conditional_requests(app, article):
    """HEAD gets the headers without a body; a known ETag gets a 304 that keeps
    nginx's one-second hold (X-Accel-Expires)."""
    url = article.get_absolute_url()
    _, headers, _ = call(app, url)
    status, head, body = call(app, url, method="HEAD")
    assert status == 200 and body == b"" and head["X-Page-Cache"] == "hit"
    status, not_modified, body = call(app, url, if_none_match=headers["ETag"])
    assert status == 304 and body == b""
    assert not_modified["X-Accel-Expires"] == "1"
    assert not_modified["ETag"] == headers["ETag"]


def test_a_retraction_is_never_answered_from_memory(app, article):
    """After the desk unpublishes, the next request gets the 410, not the copy."""
    url = article.get_absolute_url()
    call(app, url)
    assert call(app, url)[1]["X-Page-Cache"] == "hit"
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert call(app, url)[0] == 410


def test_editors_and_unknown_hosts_reach_django(app, article, reached_django):
    """A session cookie always reaches Django (private page); a Host that
    ALLOWED_HOSTS refuses gets a 400 even for a stored page."""
    url = article.get_absolute_url()
    call(app, url)
    call(app, url)
    assert reached_django == [url]
    status, headers, _ = call(app, url, cookie="sessionid=anything")
    assert reached_django == [url, url]
    assert status == 200 and "X-Page-Cache" not in headers
    assert headers["Cache-Control"] == "private, no-cache"
    assert call(app, url, host="evil.example")[0] == 400


def test_https_is_trusted_only_from_a_local_proxy():
    """X-Forwarded-Proto sets the scheme when nginx on this machine sends it,
    never when a remote client does."""
    from wiredesk.reader.wsgi import forwarded_scheme

    seen = []

    def inner(environ, start_response):
        seen.append(environ["wsgi.url_scheme"])
        return []

    wrapped = forwarded_scheme(inner)
    for peer in ("127.0.0.1", "203.0.113.9"):
        environ = {
            "REMOTE_ADDR": peer,
            "HTTP_X_FORWARDED_PROTO": "https",
            "wsgi.url_scheme": "http",
        }
        wrapped(environ, lambda *a: None)
    assert seen == ["https", "http"]


def test_links_follow_the_script_prefix_of_a_site_under_a_path(app, article):
    """A site served under a path (SCRIPT_NAME) links within that path, and the
    same article asked at the root links from the root: links remembered per
    process are kept apart by prefix, also where a page reads the prefix once."""
    path = article.get_absolute_url()
    try:
        status, _, body = call(app, path, script="/africa-desk")
        under = body.decode()
        assert status == 200
        assert 'class="brand" href="/africa-desk/"' in under
        assert 'href="/africa-desk/sector/health/"' in under
        assert 'href="/africa-desk/country/gh/"' in under
        status, _, body = call(app, path)
        root = body.decode()
        assert 'class="brand" href="/"' in root
        assert 'href="/sector/health/"' in root and "/africa-desk/" not in root
    finally:
        set_script_prefix("/")  # the handler left it set for this thread
