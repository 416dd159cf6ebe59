"""The WSGI application `wiredesk run` serves: Django behind the page cache's
fast path (``cache.PageCacheApp``), which answers anonymous readers' pages held
in this process before Django builds a request."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from wiredesk.clients import from_trusted_proxy
from wiredesk.wsgi import application as django_application  # sets Django up

# isort: split
from wiredesk.reader.cache import PageCacheApp


def forwarded_scheme(app: Callable) -> Callable:
    """Trust ``X-Forwarded-Proto`` from a proxy on this machine only (the documented
    nginx), so Django sees https requests as secure (CSRF origin checks)."""

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        scheme = environ.get("HTTP_X_FORWARDED_PROTO")
        if scheme in ("http", "https") and from_trusted_proxy(
            environ.get("REMOTE_ADDR")
        ):
            environ["wsgi.url_scheme"] = scheme
        return app(environ, start_response)

    return wrapped


application = PageCacheApp(forwarded_scheme(django_application))
