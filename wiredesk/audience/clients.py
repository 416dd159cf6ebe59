"""Who is asking: the client's address (for rate limits only; wiredesk.clients),
bots, visitor hashes.

Addresses are never stored: rate limits name their counters by a keyed hash of
them (``wiredesk.limits.private_key``), and trending keeps a hash salted with a random
salt that is thrown away after the day.
"""

from __future__ import annotations

import hashlib

from crawlerdetect import CrawlerDetect

from wiredesk.clients import client_address

__all__ = ["client_address", "is_bot", "visitor_hash"]

_crawlers = CrawlerDetect()


def is_bot(user_agent: str) -> bool:
    """Known crawlers, spiders, headless browsers and clients that send no agent."""
    return not user_agent.strip() or _crawlers.isCrawler(user_agent)


def visitor_hash(salt: str, address: str, user_agent: str) -> str:
    """A per-day pseudonym of a client: unlinkable once the day's salt is gone."""
    data = f"{salt}\x00{address}\x00{user_agent}".encode()
    return hashlib.blake2b(data, digest_size=16).hexdigest()
