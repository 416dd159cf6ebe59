"""The SSRF guard (check_url) and the HTTP fetcher against a real loopback server.

Public-to-private redirects use httpx.MockTransport with a literal public IP
address, because check_url resolves host names and DNS may be unavailable offline.
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import free_port
from wiredesk.ingest.fetchers.guard import FetchRefused, check_url
from wiredesk.ingest.fetchers.http import (
    MAX_REDIRECTS,
    USER_AGENT,
    FetchError,
    FetchRequest,
    fetch,
)

FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
)
ETAG = '"feed-v1"'
LAST_MODIFIED = "Tue, 10 Jun 2025 08:00:00 GMT"
BIG = b"x" * 5_000
PUBLIC = "http://93.184.215.14"  # a literal public address: no DNS needed


# -- check_url --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://127.1:8080/feed",
        "http://localhost/feed",
        "http://10.0.0.5/feed",
        "http://10.255.1.2:8443/rss",
        "http://172.16.4.4/feed",
        "http://192.168.1.20/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://[::1]/feed",
        "http://[fe80::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://2130706433/feed",
        "https://224.0.0.1/feed",
    ],
)
def test_check_url_refuses_non_public_addresses(url):
    """Loopback, private, link-local, IPv6-local and multicast URLs are refused."""
    with pytest.raises(FetchRefused) as refused:
        check_url(url, allow_private=False)
    message = str(refused.value)
    assert message.startswith(f"{url}: ")
    assert "non-public address" in message


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://10.0.0.5/feed",
        "http://192.168.1.20/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed",
    ],
)
def test_check_url_allows_private_addresses_when_the_source_allows_them(url):
    """allow_private=True lets a source on the local network be fetched."""
    host = urlsplit(url).hostname
    assert check_url(url, allow_private=True) == [host]


@pytest.mark.parametrize("url", [f"{PUBLIC}/feed", "https://8.8.8.8/rss"])
def test_check_url_allows_public_addresses(url):
    """A public address passes the guard, which hands it back to connect to."""
    assert check_url(url, allow_private=False) == [urlsplit(url).hostname]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/feed.xml",
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/",
        "javascript:alert(1)",
        "data:text/plain,hello",
    ],
)
@pytest.mark.parametrize("allow_private", [False, True])
def test_check_url_refuses_non_http_schemes_even_when_private_allowed(
    url, allow_private
):
    """Only http and https can be fetched, whatever the source allows."""
    with pytest.raises(FetchRefused, match="only http and https") as refused:
        check_url(url, allow_private=allow_private)
    assert str(refused.value).startswith(f"{url}: ")


def test_check_url_refuses_url_without_host():
    """An http URL with no host is refused with a reason."""
    with pytest.raises(FetchRefused, match=r"^http:///feed: the URL has no host"):
        check_url("http:///feed", allow_private=True)


# -- a real server on loopback -------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    """Routes for the tests; every request is logged in ``server.seen``."""

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        if "Content_Length" not in headers and "no_length" not in self.path:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.seen.append((self.path, dict(self.headers)))
        port = self.server.server_address[1]
        path = self.path
        if path == "/feed":
            if self.headers.get("If-None-Match") == ETAG or (
                self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self._send(304, ETag=ETAG)
            else:
                self._send(
                    200,
                    FEED,
                    ETag=ETAG,
                    Last_Modified=LAST_MODIFIED,
                    Content_Type="application/rss+xml",
                )
        elif path == "/big":
            self._send(200, BIG)
        elif path == "/big-no_length":
            # No Content-Length: the body ends when the connection closes.
            self._send(200, BIG, Connection="close")
        elif path == "/gzip-bomb":
            # Tiny on the wire, 5,000 bytes once decoded.
            self._send(200, gzip.compress(BIG), Content_Encoding="gzip")
        elif path == "/gzipped":
            self._send(200, gzip.compress(FEED), Content_Encoding="gzip")
        elif path == "/moved":
            self._send(301, Location=f"http://localhost:{port}/feed")
        elif path == "/hop1":
            self._send(302, Location="/hop2")
        elif path == "/hop2":
            self._send(307, Location="feed")
        elif path == "/loop":
            self._send(302, Location="/loop")
        elif path == "/error":
            self._send(500, b"internal error")
        elif path == "/slow":
            time.sleep(1.0)
            self._send(200, FEED)
        else:
            self._send(404, b"not found")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # The size-limit tests hang up mid-body on purpose; anything else is shown.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def base(server) -> str:
    server.seen.clear()
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_fetch_returns_body_and_validators(base, server):
    """A plain GET returns the body, its ETag and Last-Modified, and our UA."""
    result = fetch(FetchRequest(f"{base}/feed", allow_private=True))
    assert result.status == 200
    assert not result.not_modified
    assert result.body == FEED
    assert result.etag == ETAG
    assert result.last_modified == LAST_MODIFIED
    assert result.url == f"{base}/feed"
    assert server.seen[0][1]["User-Agent"] == USER_AGENT


def test_fetch_conditional_get_with_matching_etag_gives_304(base, server):
    """Sending the stored ETag gets 304 Not Modified and no body."""
    result = fetch(FetchRequest(f"{base}/feed", etag=ETAG, allow_private=True))
    assert result.status == 304
    assert result.not_modified
    assert result.body == b""
    assert server.seen[-1][1]["If-None-Match"] == ETAG


def test_fetch_conditional_get_with_stale_etag_gives_full_body(base):
    """An ETag that no longer matches gets the full 200 response."""
    result = fetch(FetchRequest(f"{base}/feed", etag='"old"', allow_private=True))
    assert result.status == 200
    assert result.body == FEED


def test_fetch_conditional_get_with_last_modified_gives_304(base, server):
    """Sending the stored Last-Modified as If-Modified-Since gets 304."""
    result = fetch(
        FetchRequest(f"{base}/feed", last_modified=LAST_MODIFIED, allow_private=True)
    )
    assert result.not_modified
    assert server.seen[-1][1]["If-Modified-Since"] == LAST_MODIFIED


def test_fetch_body_over_declared_limit_raises_naming_the_limit(base):
    """A Content-Length over max_bytes is refused, naming the URL and the limit."""
    with pytest.raises(FetchError) as error:
        fetch(FetchRequest(f"{base}/big", allow_private=True, max_bytes=1_000))
    assert str(error.value) == (
        f"{base}/big: body of 5000 bytes exceeds the 1000-byte limit"
    )


def test_fetch_undeclared_body_over_limit_raises_naming_the_limit(base):
    """A body without Content-Length is cut off once it passes max_bytes."""
    url = f"{base}/big-no_length"
    with pytest.raises(FetchError) as error:
        fetch(FetchRequest(url, allow_private=True, max_bytes=1_000))
    assert str(error.value) == f"{url}: body exceeds the 1000-byte limit"


def test_fetch_limit_applies_to_decoded_gzip_body(base):
    """A small gzip response that inflates past max_bytes is refused (zip bomb)."""
    url = f"{base}/gzip-bomb"
    with pytest.raises(FetchError) as error:
        fetch(FetchRequest(url, allow_private=True, max_bytes=1_000))
    assert str(error.value) == f"{url}: body exceeds the 1000-byte limit"


def test_fetch_decodes_gzip_bodies(base):
    """A gzip-encoded feed is returned decoded."""
    result = fetch(FetchRequest(f"{base}/gzipped", allow_private=True))
    assert result.body == FEED


def test_fetch_body_exactly_at_limit_is_accepted(base):
    """max_bytes is inclusive: a body of exactly that size is fine."""
    result = fetch(FetchRequest(f"{base}/big", allow_private=True, max_bytes=len(BIG)))
    assert result.body == BIG


def test_fetch_follows_redirect_to_another_loopback_url_when_allowed(base, server):
    """With allow_private, a redirect to another loopback URL is followed."""
    port = server.server_address[1]
    result = fetch(FetchRequest(f"{base}/moved", allow_private=True))
    assert result.status == 200
    assert result.body == FEED
    assert result.url == f"http://localhost:{port}/feed"


def test_fetch_follows_relative_redirect_chain(base, server):
    """Relative Location headers are resolved against the current URL, hop by hop."""
    result = fetch(FetchRequest(f"{base}/hop1", allow_private=True))
    assert result.url == f"{base}/feed"
    assert [path for path, _ in server.seen] == ["/hop1", "/hop2", "/feed"]


def test_fetch_redirect_loop_raises_after_max_redirects(base, server):
    """An endless redirect stops after MAX_REDIRECTS hops with a clear error."""
    with pytest.raises(FetchError) as error:
        fetch(FetchRequest(f"{base}/loop", allow_private=True))
    assert str(error.value) == f"{base}/loop: more than {MAX_REDIRECTS} redirects"
    assert len(server.seen) == MAX_REDIRECTS + 1


@pytest.mark.parametrize(("path", "status"), [("/error", 500), ("/missing", 404)])
def test_fetch_http_error_raises_naming_url_and_status(base, path, status):
    """An HTTP error status raises FetchError "<url>: HTTP <status>"."""
    with pytest.raises(FetchError) as error:
        fetch(FetchRequest(f"{base}{path}", allow_private=True))
    assert str(error.value) == f"{base}{path}: HTTP {status}"


def test_fetch_timeout_raises_naming_the_url(base):
    """A server slower than the timeout gives a FetchError naming the URL."""
    with pytest.raises(FetchError, match="Timeout") as error:
        fetch(FetchRequest(f"{base}/slow", allow_private=True, timeout=0.2))
    assert str(error.value).startswith(f"{base}/slow: ")


def test_fetch_connection_refused_raises_naming_the_url():
    """Nothing listening: FetchError names the URL and the connect error."""
    url = f"http://127.0.0.1:{free_port()}/feed"
    with pytest.raises(FetchError, match="ConnectError") as error:
        fetch(FetchRequest(url, allow_private=True, timeout=2))
    assert str(error.value).startswith(f"{url}: ")


def test_fetch_of_loopback_without_allow_private_never_connects(base, server):
    """The guard refuses before any request reaches the server."""
    with pytest.raises(FetchRefused, match=r"non-public address 127\.0\.0\.1;"):
        fetch(FetchRequest(f"{base}/feed"))
    assert server.seen == []


# -- redirects from public to private (MockTransport, no network) ----------------------


def _mock_client(location: str, seen: list[str]) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "93.184.215.14" and request.url.path == "/feed":
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(200, content=b"<rss/>")

    return httpx.Client(transport=httpx.MockTransport(answer))


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1/admin",
        "http://localhost:8000/internal",
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://10.0.0.5/feed",
        "http://[::1]/feed",
    ],
)
def test_redirect_from_public_to_private_address_is_refused(target):
    """A public feed's 302 to a private address is refused before it is requested."""
    seen: list[str] = []
    with (
        _mock_client(target, seen) as client,
        pytest.raises(FetchRefused, match="non-public address") as refused,
    ):
        fetch(FetchRequest(f"{PUBLIC}/feed"), client=client)
    assert str(refused.value).startswith(f"{target}: ")
    assert seen == [f"{PUBLIC}/feed"]


def test_redirect_from_public_to_private_is_followed_when_allowed():
    """With allow_private the same redirect is followed (the check is per source)."""
    seen: list[str] = []
    with _mock_client("http://127.0.0.1/admin", seen) as client:
        result = fetch(
            FetchRequest(f"{PUBLIC}/feed", allow_private=True), client=client
        )
    assert result.url == "http://127.0.0.1/admin"
    assert seen == [f"{PUBLIC}/feed", "http://127.0.0.1/admin"]


def test_redirect_from_public_to_public_is_followed():
    """A redirect between public addresses is followed without allow_private."""
    seen: list[str] = []
    with _mock_client("https://8.8.8.8/rss", seen) as client:
        result = fetch(FetchRequest(f"{PUBLIC}/feed"), client=client)
    assert result.status == 200
    assert result.url == "https://8.8.8.8/rss"
    assert result.body == b"<rss/>"


# -- pinning the connection to the checked address ---------------------------------


def test_check_url_returns_the_addresses_it_checked():
    """The guard hands back the addresses it approved, IPv4 first."""
    assert check_url("http://127.0.0.1:8080/x", allow_private=True) == ["127.0.0.1"]
    addresses = check_url("http://localhost/feed", allow_private=True)
    assert addresses and addresses[0] in {"127.0.0.1", "::1"}


@pytest.mark.parametrize(
    ("url", "address", "target", "host", "sni"),
    [
        ("http://wire.test/feed?x=1", "93.184.215.14",
         "http://93.184.215.14/feed?x=1", "wire.test", None),
        ("https://wire.test:8443/f", "2001:db8::1",
         "https://[2001:db8::1]:8443/f", "wire.test:8443", "wire.test"),
    ],
)  # fmt: skip
def test_pinned_request_keeps_host_and_tls_name(url, address, target, host, sni):
    """The request goes to the checked address under the original Host and SNI."""
    from wiredesk.ingest.fetchers.guard import pinned

    pinned_url, headers, extensions = pinned(url, address)
    assert pinned_url == target
    assert headers == {"Host": host}
    assert extensions.get("sni_hostname") == sni


def test_fetch_by_name_connects_to_the_checked_address(base, server):
    """A host name is fetched through its checked address, with its Host header."""
    port = server.server_address[1]
    result = fetch(FetchRequest(f"http://localhost:{port}/feed", allow_private=True))
    assert result.status == 200 and result.body == FEED
    assert result.url == f"http://localhost:{port}/feed"
    assert server.seen[-1][1]["Host"] == f"localhost:{port}"
