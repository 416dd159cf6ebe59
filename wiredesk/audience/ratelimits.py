"""Rate limits of the public forms, counted in the database (``wiredesk.limits``).

Every web process and machine shares the database, so a client gets each limit
once, not once per worker; counts are atomic and windows keep their end (see
``wiredesk.limits`` for why Django's cache cannot promise that without Redis).
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

from wiredesk import limits
from wiredesk.audience.clients import client_address

FEEDBACK_PER_IP = "5/h"
SUBSCRIBE_PER_IP = "10/h"
MAILS_PER_ADDRESS = "3/d"
# Page views counted per client address: a reader reads far fewer articles an
# hour; one address rotating its User-Agent (each a new visitor) counts no more.
BEACONS_PER_IP = "120/h"
_BEACONS_PER_HOUR, _ = limits.parse_rate(BEACONS_PER_IP)


def over_ip_limit(request: HttpRequest, group: str, rate: str) -> bool:
    """Count this request against the client's address; True once over ``rate``."""
    name = limits.private_key(f"audience.{group}", client_address(request))
    return limits.over(name, rate)


def over_address_limit(request: HttpRequest, group: str, email: str) -> bool:
    """Count a mail to ``email``; True once it has had MAILS_PER_ADDRESS today."""
    name = limits.private_key(f"audience.{group}.address", email.strip().lower())
    return limits.over(name, MAILS_PER_ADDRESS)


def over_view_limit(request: HttpRequest) -> bool:
    """Count a page view from the client's address; True once over BEACONS_PER_IP.

    A cap on what trending counts, not a defence of a form: it runs on every page
    view, so it counts in the default cache (Redis, shared, with REDIS_URL; else
    this process's memory, a cap of BEACONS_PER_IP per worker) rather than with a
    database write per page view.
    """
    address = hashlib.blake2b(
        client_address(request).encode(), digest_size=12
    ).hexdigest()
    hour = int(time.time() // 3600)
    key = f"audience.beacon:{address}:{hour}"
    if cache.add(key, 1, 3600):
        return False
    try:
        return cache.incr(key) > _BEACONS_PER_HOUR
    except ValueError:  # expired between add and incr
        cache.add(key, 1, 3600)
        return False
