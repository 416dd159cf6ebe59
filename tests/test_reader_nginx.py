"""The documented nginx set-up (docs/serving.md) in front of a live wiredesk:
cached pages are served without reaching Python, and retractions still show."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from django.core.signals import request_started

from tests.conftest import free_port
from tests.test_reader_pages import make_article

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DOC = Path(__file__).resolve().parent.parent / "docs" / "serving.md"

pytestmark = [
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def documented_config() -> str:
    """The ```nginx block of docs/serving.md, exactly as a reader would copy it."""
    match = re.search(r"```nginx\n(.*?)```", DOC.read_text(), re.S)
    assert match, "docs/serving.md has no nginx block"
    return match.group(1)


def nginx_config(folder: Path, port: int, upstream: str) -> str:
    site = (
        documented_config()
        .replace("/var/cache/nginx/wiredesk", str(folder / "cache"))
        .replace("server 127.0.0.1:8000;", f"server {upstream};")
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
    )
    temp = "\n".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    return (
        f"daemon off; worker_processes 1; pid {folder / 'nginx.pid'};\n{user}\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{ access_log off;\n{temp}\n{site}\n}}\n"
    )


@pytest.fixture
def nginx(live_server, tmp_path):
    """Debian's nginx with the documented config, on a free loopback port."""
    port = free_port()
    upstream = live_server.url.removeprefix("http://")
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_config(tmp_path, port, upstream))
    proc = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not _answers(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log = (tmp_path / "error.log").read_text(errors="replace")
            raise AssertionError(f"nginx did not start: {proc.stdout.read()} {log}")
        time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        httpx.get(url + "/static/reader/site.css", timeout=2)
    except httpx.TransportError:
        return False
    return True


@pytest.fixture
def reached_python():
    """Paths of the requests that reached Django in this process (the live server)."""
    paths: list[str] = []

    def record(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(record, dispatch_uid="nginx-test")
    yield paths
    request_started.disconnect(dispatch_uid="nginx-test")


def test_second_request_is_served_by_nginx_alone(nginx, reached_python):
    """The first request for an article goes through to wiredesk; the second is a
    nginx cache HIT and never reaches Python."""
    article = make_article("Cholera outbreak spreads in Accra")
    url = nginx + article.get_absolute_url()
    first = httpx.get(url)
    assert first.status_code == 200 and first.headers["X-Cache"] == "MISS"
    assert reached_python.count(article.get_absolute_url()) == 1
    second = httpx.get(url)
    assert second.headers["X-Cache"] == "HIT"
    assert second.text == first.text
    assert reached_python.count(article.get_absolute_url()) == 1
    assert "X-Accel-Expires" not in second.headers


def test_signed_in_editors_bypass_nginx(nginx, reached_python):
    """A request with a session cookie always reaches wiredesk."""
    article = make_article("Cholera outbreak spreads in Accra")
    url = nginx + article.get_absolute_url()
    httpx.get(url)
    response = httpx.get(url, cookies={"sessionid": "anything"})
    assert response.headers["X-Cache"] == "BYPASS"
    assert reached_python.count(article.get_absolute_url()) == 2


def assert_gone_within_seconds(url: str) -> None:
    """nginx stops serving ``url`` within ten seconds."""
    deadline = time.monotonic() + 10
    while httpx.get(url).status_code == 200:
        assert time.monotonic() < deadline, "nginx kept serving the retracted article"
        time.sleep(0.25)


def test_a_retraction_shows_behind_nginx_within_seconds(nginx):
    """After the desk unpublishes, nginx stops serving the article within a few
    seconds (it holds pages for one second, then revalidates)."""
    article = make_article("Cholera outbreak spreads in Accra")
    url = nginx + article.get_absolute_url()
    assert httpx.get(url).status_code == 200
    assert httpx.get(url).headers["X-Cache"] == "HIT"
    article.status = article.Status.UNPUBLISHED
    article.save()
    assert_gone_within_seconds(url)


def test_a_retraction_shows_after_nginx_revalidated_the_page(nginx):
    """nginx revalidates its copy each second; wiredesk's 304 says "hold one more
    second" (X-Accel-Expires), not CACHE_SECONDS, so a later retraction still shows
    within seconds."""
    article = make_article("Cholera outbreak spreads in Accra")
    url = nginx + article.get_absolute_url()
    assert httpx.get(url).headers["X-Cache"] == "MISS"
    # Past the one-second hold nginx serves its copy (STALE) and asks wiredesk in
    # the background, which answers 304 from its own cache.
    asked_again = {"STALE", "UPDATING", "REVALIDATED", "EXPIRED"}
    deadline = time.monotonic() + 10
    while httpx.get(url).headers["X-Cache"] not in asked_again:
        assert time.monotonic() < deadline, "nginx never revalidated its copy"
        time.sleep(0.3)
    time.sleep(0.5)  # the background revalidation has finished
    article.status = article.Status.UNPUBLISHED
    article.save()
    assert_gone_within_seconds(url)


def test_an_update_shows_behind_nginx_within_seconds(nginx):
    """A corrected article replaces nginx's stored copy within a few seconds, also
    while nginx keeps the page's cache file open (open_file_cache): nginx notices
    the new file and does not go on reading the old one."""
    article = make_article("Cholera outbreak spreads in Accra")
    url = nginx + article.get_absolute_url()
    assert httpx.get(url).status_code == 200
    assert httpx.get(url).headers["X-Cache"] == "HIT"
    article.standfirst = "Correction: the outbreak is in Kumasi."
    article.save()
    deadline = time.monotonic() + 10
    while "Correction: the outbreak is in Kumasi." not in httpx.get(url).text:
        assert time.monotonic() < deadline, "nginx kept serving the old version"
        time.sleep(0.25)


def test_nginx_answers_conditional_requests_itself(nginx, reached_python):
    """A reader's cache revalidating with If-None-Match or If-Modified-Since gets a
    304 from nginx's copy, without reaching Python."""
    article = make_article("Cholera outbreak spreads in Accra")
    path = article.get_absolute_url()
    first = httpx.get(nginx + path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    for condition in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        response = httpx.get(nginx + path, headers=condition)
        assert response.status_code == 304, condition
        assert response.headers["X-Cache"] == "HIT"
        assert response.headers["ETag"] == etag
        assert response.content == b""
    assert reached_python.count(path) == 1
    changed = httpx.get(nginx + path, headers={"If-None-Match": '"another"'})
    assert changed.status_code == 200 and changed.text == first.text
