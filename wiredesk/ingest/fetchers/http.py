"""HTTP(S) polling: conditional GET, limits on time and size, the SSRF guard.

Limits: connect and read timeouts plus a total deadline (a server trickling bytes
cannot hold a worker); a maximum body size counted both on the wire and after
decompression (a small gzip bomb cannot fill memory); at most MAX_REDIRECTS hops,
each checked by the guard after DNS resolution.
"""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpx

from wiredesk.ingest.fetchers.guard import FetchRefused, check_url, pinned

MAX_REDIRECTS = 5
USER_AGENT = "wiredesk/0.1 (feed fetcher; +https://wiredesk.invalid/bot)"
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*(\d+)", re.I)


@dataclass
class FetchRequest:
    url: str
    etag: str = ""
    last_modified: str = ""
    allow_private: bool = False
    timeout: float = 20.0
    connect_timeout: float = 10.0
    max_bytes: int = 20_000_000


@dataclass
class FetchResult:
    url: str
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: float = 0.0  # seconds the server asked us to wait
    max_age: float = 0.0  # seconds the server says the body stays fresh

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str:
        match = re.search(r"charset=([\w.:-]+)", self.headers.get("content-type", ""))
        return match.group(1).strip('"').lower() if match else ""


class FetchError(Exception):
    """The source could not be fetched; the message names the URL and the cause."""

    def __init__(self, message: str, *, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: float | None = None) -> float:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now if now is not None else datetime.now(UTC).timestamp()
    return max(0.0, when.timestamp() - now)


def max_age_seconds(cache_control: str | None) -> float:
    if not cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return 0.0
    match = _MAX_AGE.search(cache_control)
    return float(match.group(1)) if match else 0.0


def make_client(request: FetchRequest) -> httpx.Client:
    timeout = httpx.Timeout(request.timeout, connect=request.connect_timeout)
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)


def fetch(request: FetchRequest, client: httpx.Client | None = None) -> FetchResult:
    """GET ``request.url``, following redirects by hand so each hop passes the guard."""
    own_client = client is None
    client = client or make_client(request)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    url = request.url
    deadline = time.monotonic() + request.timeout
    try:
        for _ in range(MAX_REDIRECTS + 1):
            addresses = check_url(url, allow_private=request.allow_private)
            with _open(client, url, addresses, headers) as response:
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                if response.status_code == 304:
                    return FetchResult(
                        url,
                        304,
                        headers=dict(response.headers),
                        max_age=max_age_seconds(response.headers.get("cache-control")),
                    )
                if response.status_code >= 400:
                    wait = retry_after_seconds(response.headers.get("retry-after"))
                    raise FetchError(
                        f"{url}: HTTP {response.status_code}", retry_after=wait
                    )
                body = _read_limited(response, request.max_bytes, url, deadline)
                return FetchResult(
                    url=url,
                    status=response.status_code,
                    body=body,
                    etag=response.headers.get("etag", ""),
                    last_modified=response.headers.get("last-modified", ""),
                    headers=dict(response.headers),
                    max_age=max_age_seconds(response.headers.get("cache-control")),
                )
        raise FetchError(f"{request.url}: more than {MAX_REDIRECTS} redirects")
    except FetchRefused:
        raise
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timed out ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
    finally:
        if own_client:
            client.close()


@contextmanager
def _open(
    client: httpx.Client, url: str, addresses: list[str], headers: dict[str, str]
) -> Iterator[httpx.Response]:
    """Stream a GET to one of the checked addresses, trying the next if one refuses.

    Only connecting moves on to the next address; an error while the caller reads
    the response is the caller's.
    """
    with ExitStack() as stack:
        if not addresses:
            response = stack.enter_context(client.stream("GET", url, headers=headers))
        else:
            for number, address in enumerate(addresses, start=1):
                target, extra, extensions = pinned(url, address)
                request = client.stream(
                    "GET", target, headers={**headers, **extra}, extensions=extensions
                )
                try:
                    response = stack.enter_context(request)
                    break
                except httpx.ConnectError:
                    if number == len(addresses):
                        raise
        yield response


def _read_limited(
    response: httpx.Response, limit: int, url: str, deadline: float
) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(
            f"{url}: body of {declared} bytes exceeds the {limit}-byte limit"
        )
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        # Counted on the wire and after decompression: a gzip bomb stops here too.
        if size > limit or response.num_bytes_downloaded > limit:
            raise FetchError(f"{url}: body exceeds the {limit}-byte limit")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: timed out (body took too long)")
        chunks.append(chunk)
    return b"".join(chunks)
