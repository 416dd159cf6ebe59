"""Login attempts limited per client address and username (``wiredesk.limits``).

An authentication backend refuses every attempt while a (address, username) pair is
locked out, so the desk login and the admin login share one limit. The count is in
the database, shared by every web process.

The address is wiredesk.clients.client_address: behind the documented nginx (a
loopback peer) the last X-Forwarded-For hop, so visitors are not all 127.0.0.1 and
nobody can lock a username for everyone; a direct client's X-Forwarded-For is
ignored.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from wiredesk import limits
from wiredesk.clients import client_address

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(request, username: str) -> str:
    raw = f"{client_address(request)}|{(username or '').strip().lower()}"
    return limits.private_key("desk-login", raw)


def locked_out(request, username: str) -> bool:
    return limits.count(_key(request, username)) >= MAX_FAILURES


def record_failure(request, username: str) -> None:
    limits.hit(_key(request, username), WINDOW_SECONDS)


def clear(request, username: str) -> None:
    limits.reset(_key(request, username))


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
