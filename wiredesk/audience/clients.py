"""Who is asking: the client's address (for rate limits only; wiredesk.clients),
bots, visitor hashes.

Addresses are never stored: rate limits key the cache by a hash of them
(django-ratelimit hashes its keys), and trending keeps a hash salted with a random
salt that is thrown away after the day.
"""

from __future__ import annotations

import hashlib

from crawlerdetect import CrawlerDetect
from django.http import HttpRequest

from wiredesk.clients import client_address

__all__ = ["client_address", "is_bot", "ratelimit_key", "visitor_hash"]

_crawlers = CrawlerDetect()


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
