"""Rate limits of the public forms, counted in the Django cache by django-ratelimit.

They count in the ``limits`` cache alias (settings.RATELIMIT_USE_CACHE), which every
web process shares: Redis with REDIS_URL, else files under the home folder (one
machine's processes), never a per-process memory that would multiply the limits by
the number of workers.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from wiredesk.audience.clients import ratelimit_key

FEEDBACK_PER_IP = "5/h"
SUBSCRIBE_PER_IP = "10/h"
MAILS_PER_ADDRESS = "3/d"
# Page views counted per client address: a reader reads far fewer articles an
# hour; one address rotating its User-Agent (each a new visitor) counts no more.
BEACONS_PER_IP = "120/h"
_BEACONS_PER_HOUR = int(BEACONS_PER_IP.split("/")[0])


def over_ip_limit(request: HttpRequest, group: str, rate: str) -> bool:
    """Count this request against the client's address; True once over ``rate``."""
    return is_ratelimited(
        request,
        group=f"audience.{group}",
        key=ratelimit_key,
        rate=rate,
        method=is_ratelimited.ALL,
        increment=True,
    )


def over_address_limit(request: HttpRequest, group: str, email: str) -> bool:
    """Count a mail to ``email``; True once it has had MAILS_PER_ADDRESS today."""
    digest = hashlib.sha256(email.lower().encode()).hexdigest()
    return is_ratelimited(
        request,
        group=f"audience.{group}.address",
        key=lambda g, r: digest,
        rate=MAILS_PER_ADDRESS,
        method=is_ratelimited.ALL,
        increment=True,
    )


def over_view_limit(request: HttpRequest) -> bool:
    """Count a page view from the client's address; True once over BEACONS_PER_IP.

    A cap on what trending counts, not a defence of a form: it runs on every page
    view, so it counts in the default cache (Redis, shared, with REDIS_URL; else
    this process's memory, a cap of BEACONS_PER_IP per worker) rather than in the
    ``limits`` files, which would cost a file write per page view.
    """
    address = hashlib.blake2b(
        ratelimit_key("beacon", request).encode(), digest_size=12
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
