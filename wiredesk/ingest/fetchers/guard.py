"""Refuse fetches to addresses a feed has no business pointing at (SSRF guard)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class FetchRefused(Exception):
    """The URL may not be fetched; the message names the URL and the reason."""


def check_url(url: str, *, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchRefused(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise FetchRefused(f"{url}: the URL has no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(
            parts.hostname, parts.port or 443, type=socket.SOCK_STREAM
        )
    except socket.gaierror as exc:
        raise FetchRefused(f"{url}: cannot resolve {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchRefused(
                f"{url}: {parts.hostname} resolves to the non-public address "
                f"{address}; allow private addresses for this source to fetch it"
            )
