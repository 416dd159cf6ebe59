"""The page cache: whole pages for anonymous readers, purged when the desk acts.

``PageCacheMiddleware`` answers a GET from an anonymous reader (no session cookie)
from Django's cache, keyed by path and query string, before sessions, auth or any
view run. A page is stored only if its view said it may be (``@public_page``), it is
a 200 and it sets no cookie. Every stored page carries the cache *generation* it was
made in; ``purge()`` starts a new generation, so every page made before it is stale
at once. The receivers in ``receivers.py`` purge when an article is published,
updated or unpublished and when pins, briefs, pages, authors, sectors or editions
change.

The generation is shared by every process: in the cache itself when the cache is
shared (Redis), else in a small file in WIREDESK_HOME (the embedded default keeps a
local-memory cache per process, and the worker that publishes is another process).

Responses carry ETag, Last-Modified and Cache-Control (``s-maxage`` =
CACHE_SECONDS, ``stale-while-revalidate``) so nginx or a CDN can hold them too; see
docs/serving.md. CACHE_SECONDS=0 turns the page cache off.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from wiredesk.taxonomy.models import Snapshot

GENERATION_KEY = "reader:generation"
# How long nginx (docs/serving.md) holds a page: nginx cannot be purged, so it holds
# pages for a second and then asks again (conditionally, answered from this cache).
# A retraction reaches readers behind nginx within about a second; CDNs get s-maxage.
NGINX_SECONDS = 1
SKIP_PREFIXES = ("/desk/", "/static/", "/media/")


def _namespace() -> str:
    """Keys of one site's database: several sites (or test runs) may share a Redis."""
    name = str(settings.DATABASES["default"]["NAME"])
    return hashlib.blake2b(name.encode(), digest_size=6).hexdigest()


def _generation_file() -> Path:
    return Path(settings.BASE_DIR) / "page-cache-generation"


def _shared() -> bool:
    """Whether every process sees the same cache (``cache`` itself is a proxy)."""
    return not isinstance(caches["default"], LocMemCache)


def generation() -> str:
    """The current generation; pages stored under another one are stale."""
    if _shared():
        return str(cache.get(f"{GENERATION_KEY}:{_namespace()}", 0))
    try:
        stat = os.stat(_generation_file())
    except FileNotFoundError:
        return "0"
    return f"{stat.st_mtime_ns}.{stat.st_ino}"


def _bump() -> None:
    if _shared():
        key = f"{GENERATION_KEY}:{_namespace()}"
        cache.add(key, 0, timeout=None)
        cache.incr(key)
        return
    path = _generation_file()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(str(time.time_ns()))
    os.replace(tmp, path)


class _Fragments:
    """Shared parts of pages (menus, the newsletter box) rendered once per
    generation in this process: every page shows them, and rendering them again
    for each uncached page cost more than the rest of the page."""

    # Enough for every page's menus and the related lists of the articles read in
    # one generation; past it, the oldest are dropped (bounded memory).
    LIMIT = 2000

    def __init__(self) -> None:
        self.generation: str | None = None
        self.html: dict[tuple, str] = {}
        self.on_new_generation: list[Callable[[], None]] = []
        self.lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        return self.html.get(key)

    def put(self, key: tuple, html: str) -> None:
        with self.lock:
            if len(self.html) >= self.LIMIT:
                self.html.pop(next(iter(self.html)), None)
            self.html[key] = html

    def seen(self, current: str) -> None:
        """Drop what belongs to an older generation (and tell the listeners)."""
        if current != self.generation:
            self.html = {}
            self.generation = current
            for listener in self.on_new_generation:
                listener()


fragments = _Fragments()


def request_generation(request: HttpRequest | None) -> str:
    """The generation, read once per request (the middleware may have read it)."""
    current = getattr(request, "reader_generation", None)
    if current is None:
        current = generation()
        if request is not None:
            request.reader_generation = current
    fragments.seen(current)
    return current


def purge() -> None:
    """Make every stored page stale: now, and again when the transaction commits
    (a page made between the two from the old rows is dropped by the second)."""
    _bump()
    transaction.on_commit(_bump)


class _StoredPages(Snapshot):
    """Stored pages are copies of database rows, like every Snapshot: forgetting
    all snapshots (the test suite does after each test, whose rows are rolled back
    without any signal) makes the stored pages stale too."""

    def forget(self, *args, **kwargs) -> None:
        _bump()


_stored_pages = _StoredPages(lambda: None)


def is_anonymous(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view's pages as the same for every anonymous reader: cacheable."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        seconds = settings.CACHE_SECONDS
        if is_anonymous(request) and seconds > 0 and response.status_code == 200:
            response.reader_cacheable = True
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={seconds}, "
                f"stale-while-revalidate={seconds}"
            )
            response["X-Accel-Expires"] = str(NGINX_SECONDS)
        else:
            response["Cache-Control"] = "private, no-cache"
        return response

    return wrapper


class PageCacheMiddleware:
    """Serve and store anonymous readers' pages (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or not is_anonymous(request)
            or settings.CACHE_SECONDS <= 0
            or request.path_info.startswith(SKIP_PREFIXES)
        ):
            return self.get_response(request)
        # get_host() checks ALLOWED_HOSTS here too (a hit never reaches
        # CommonMiddleware), and the host is part of the key: no poisoning.
        path = f"{request.get_host()}{request.get_full_path()}".encode()
        digest = hashlib.blake2b(path, digest_size=16).hexdigest()
        key = f"reader:page:{_namespace()}:{digest}"
        current = request_generation(request)
        entry = cache.get(key)
        if entry is not None and entry[0] == current:
            return self._from_entry(request, entry)
        response = self.get_response(request)
        if (
            getattr(response, "reader_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            digest = hashlib.blake2b(response.content, digest_size=12).hexdigest()
            response["ETag"] = f'"{digest}"'
            response["Last-Modified"] = http_date()
            headers = [(k, v) for k, v in response.items()]
            cache.set(key, (current, headers, response.content), settings.CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
            return get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=parse_http_date_safe(response["Last-Modified"]),
                response=response,
            )
        if (
            response.status_code in (301, 404, 410)
            and not response.cookies
            and not response.has_header("Cache-Control")
        ):
            # A withdrawn article's 404 must replace nginx's stored page (an
            # uncacheable answer would leave the old one being served stale).
            response["Cache-Control"] = f"public, max-age=0, s-maxage={NGINX_SECONDS}"
            response["X-Accel-Expires"] = str(NGINX_SECONDS)
        return response

    @staticmethod
    def _from_entry(request: HttpRequest, entry: tuple) -> HttpResponse:
        _, headers, content = entry
        fields = dict(headers)
        etag = fields.get("ETag")
        if etag and etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
            for name in ("ETag", "Last-Modified", "Cache-Control"):
                if name in fields:
                    response[name] = fields[name]
            return response
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(content))
        response["X-Page-Cache"] = "hit"
        return response
