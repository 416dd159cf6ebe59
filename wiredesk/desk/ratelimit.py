"""Login attempts limited per client address and username, in Django's cache.

An authentication backend refuses every attempt while a (address, username) pair is
locked out, so the desk login and the admin login share one limit. With Redis as the
cache the count is shared by all web processes.

The address is wiredesk.clients.client_address: behind the documented nginx (a
loopback peer) the last X-Forwarded-For hop, so visitors are not all 127.0.0.1 and
nobody can lock a username for everyone; a direct client's X-Forwarded-For is
ignored.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.core.exceptions import PermissionDenied

from wiredesk.clients import client_address

MAX_FAILURES = 5
# The cache alias every web process shares (settings.RATELIMIT_USE_CACHE).
LIMITS = "limits"
WINDOW_SECONDS = 15 * 60


def _key(request, username: str) -> str:
    raw = f"{client_address(request)}|{(username or '').strip().lower()}"
    return "desk-login:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def locked_out(request, username: str) -> bool:
    return caches[LIMITS].get(_key(request, username), 0) >= MAX_FAILURES


def record_failure(request, username: str) -> None:
    key = _key(request, username)
    if caches[LIMITS].add(key, 1, WINDOW_SECONDS):
        return
    try:
        caches[LIMITS].incr(key)
    except ValueError:  # expired between add and incr
        caches[LIMITS].add(key, 1, WINDOW_SECONDS)


def clear(request, username: str) -> None:
    caches[LIMITS].delete(_key(request, username))


def on_login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    record_failure(request, credentials.get("username", ""))


def on_logged_in(sender, request, user, **kwargs) -> None:
    clear(request, user.get_username())


class RateLimitedBackend(ModelBackend):
    """The model backend, closed to a pair with too many recent failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and locked_out(request, username):
            raise PermissionDenied(f"too many failed sign-ins for {username!r}")
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )
