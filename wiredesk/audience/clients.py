"""Who is asking: the client's address (for rate limits only), bots, visitor hashes.

Addresses are never stored: rate limits key the cache by a hash of them
(django-ratelimit hashes its keys), and trending keeps a hash salted with a random
salt that is thrown away after the day.
"""

from __future__ import annotations

import hashlib
import ipaddress

from crawlerdetect import CrawlerDetect
from django.http import HttpRequest

_crawlers = CrawlerDetect()


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the last hop of X-Forwarded-For when
    the request came through a proxy on this machine (the documented nginx set-up).

    Only a loopback peer is trusted to name the client, so a client cannot pick
    its own address to dodge a rate limit.
    """
    peer = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        try:
            trusted = ipaddress.ip_address(peer).is_loopback
            last = forwarded.split(",")[-1].strip()
            if trusted and ipaddress.ip_address(last):
                return last
        except ValueError:
            pass
    return peer


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key function: the client's address (hashed by the library)."""
    return client_address(request)


def is_bot(user_agent: str) -> bool:
    """Known crawlers, spiders, headless browsers and clients that send no agent."""
    return not user_agent.strip() or _crawlers.isCrawler(user_agent)


def visitor_hash(salt: str, address: str, user_agent: str) -> str:
    """A per-day pseudonym of a client: unlinkable once the day's salt is gone."""
    data = f"{salt}\x00{address}\x00{user_agent}".encode()
    return hashlib.blake2b(data, digest_size=16).hexdigest()
