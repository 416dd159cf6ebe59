"""Who is asking: the client's address, for rate limits (the desk's sign-in, the
audience's public forms and beacon).

A project-level module so every app can use it; it imports no app.
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest


def from_trusted_proxy(peer: str | None) -> bool:
    """Whether the connection comes from a proxy on this machine (loopback), the
    only peer whose X-Forwarded-* headers are believed."""
    try:
        return ipaddress.ip_address(peer or "").is_loopback
    except ValueError:
        return False


def client_address(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or the last hop of X-Forwarded-For when
    the request came through a proxy on this machine (the documented nginx set-up).

    Only a loopback peer is trusted to name the client, so a client cannot pick
    its own address to dodge a rate limit.
    """
    if request is None:
        return "0.0.0.0"
    peer = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and from_trusted_proxy(peer):
        last = forwarded.split(",")[-1].strip()
        try:
            ipaddress.ip_address(last)
        except ValueError:
            return peer
        return last
    return peer
