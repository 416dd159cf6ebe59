"""HTTP(S) polling with conditional GET, size and time limits and the SSRF guard."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from wiredesk.ingest.fetchers.guard import FetchRefused, check_url

MAX_REDIRECTS = 5
USER_AGENT = "wiredesk/0.1 (+https://github.com/wiredesk; feed fetcher)"


@dataclass
class FetchRequest:
    url: str
    etag: str = ""
    last_modified: str = ""
    allow_private: bool = False
    timeout: float = 20.0
    max_bytes: int = 20_000_000


@dataclass
class FetchResult:
    url: str
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """The source could not be fetched; the message names the URL and the cause."""


def fetch(request: FetchRequest, client: httpx.Client | None = None) -> FetchResult:
    """GET ``request.url``, following redirects by hand so each hop passes the guard."""
    own_client = client is None
    client = client or httpx.Client(timeout=request.timeout, follow_redirects=False)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    url = request.url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, allow_private=request.allow_private)
            with client.stream("GET", url, headers=headers) as response:
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                if response.status_code == 304:
                    return FetchResult(url, 304, headers=dict(response.headers))
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code}")
                body = _read_limited(response, request.max_bytes, url)
                return FetchResult(
                    url=url,
                    status=response.status_code,
                    body=body,
                    etag=response.headers.get("etag", ""),
                    last_modified=response.headers.get("last-modified", ""),
                    headers=dict(response.headers),
                )
        raise FetchError(f"{request.url}: more than {MAX_REDIRECTS} redirects")
    except FetchRefused:
        raise
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
    finally:
        if own_client:
            client.close()


def _read_limited(response: httpx.Response, limit: int, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(
            f"{url}: body of {declared} bytes exceeds the {limit}-byte limit"
        )
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url}: body exceeds the {limit}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)
