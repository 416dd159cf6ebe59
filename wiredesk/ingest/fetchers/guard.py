"""Refuse fetches to addresses a feed has no business pointing at (SSRF guard)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit


class FetchRefused(Exception):
    """The URL may not be fetched; the message names the URL and the reason."""


def check_url(url: str, *, allow_private: bool) -> list[str]:
    """Resolve the URL's host and refuse non-public addresses; return the addresses.

    The fetcher then connects to one of exactly these addresses (see ``pinned``), so
    a DNS answer that changes between this check and the connection (DNS rebinding)
    cannot lead it to a private address. With ``allow_private`` nothing is refused,
    and a host that does not resolve is left for the HTTP client to report.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchRefused(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise FetchRefused(f"{url}: the URL has no host")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if allow_private:
            return []
        raise FetchRefused(f"{url}: cannot resolve {parts.hostname}: {exc}") from exc
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not allow_private and (not address.is_global or address.is_multicast):
            raise FetchRefused(
                f"{url}: {parts.hostname} resolves to the non-public address "
                f"{address}; allow private addresses for this source to fetch it"
            )
        if str(address) not in addresses:
            addresses.append(str(address))
    # IPv4 first: servers listening on one family are more often IPv4-only.
    return sorted(addresses, key=lambda a: ":" in a)


def pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """The request for ``url`` sent to ``address``: URL, extra headers, extensions.

    The Host header and the TLS server name (SNI, also used to verify the
    certificate) keep the original host name.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
        return url, {}, {}  # already an address
    except ValueError:
        pass
    literal = f"[{address}]" if ":" in address else address
    netloc = literal + (f":{parts.port}" if parts.port else "")
    target = urlunsplit(parts._replace(netloc=netloc))
    host_header = host + (f":{parts.port}" if parts.port else "")
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return target, {"Host": host_header}, extensions
