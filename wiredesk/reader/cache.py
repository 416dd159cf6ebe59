"""The page cache: whole pages for anonymous readers, purged when the desk acts.

``PageCacheMiddleware`` answers a GET from an anonymous reader (no session cookie)
from Django's cache, keyed by host, path and query string, before sessions, auth or
any view run. A page is stored only if its view said it may be (``@public_page``), it is
a 200 and it sets no cookie. Every stored page carries the cache *generation* it was
made in; ``purge()`` starts a new generation, so every page made before it is stale
at once. The receivers in ``receivers.py`` purge when an article is published,
updated or unpublished and when pins, briefs, pages, authors, sectors or editions
change.

The generation is shared by every process: in the cache itself when the cache is
shared (Redis), else in a small file in WIREDESK_HOME (the embedded default keeps a
local-memory cache per process, and the worker that publishes is another process).

Each process also keeps the pages it served in ``memory`` (bounded), checked against
the generation: ``PageCacheApp`` (the WSGI application `wiredesk run` serves,
``wiredesk.reader.wsgi``) answers a hit from there before Django builds a request,
and the middleware answers from there before asking Django's cache. Because the
middleware is the first in MIDDLEWARE, a stored page holds every header the other
middleware add, so a hit from either path looks exactly like the page first served.

Responses carry ETag, Last-Modified and Cache-Control (``s-maxage`` =
CACHE_SECONDS, ``stale-while-revalidate``) so nginx or a CDN can hold them too; see
docs/serving.md. CACHE_SECONDS=0 turns the page cache off.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
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
    return _namespace_of(str(settings.DATABASES["default"]["NAME"]))


@lru_cache(maxsize=8)
def _namespace_of(name: str) -> str:
    return hashlib.blake2b(name.encode(), digest_size=6).hexdigest()


def _generation_file() -> Path:
    return _generation_file_in(str(settings.BASE_DIR))


@lru_cache(maxsize=8)
def _generation_file_in(base_dir: str) -> Path:
    """Built once per home folder: it is read on every uncached page."""
    return Path(base_dir) / "page-cache-generation"


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
        elif is_anonymous(request) and response.status_code == 410:
            # A withdrawn article's answer, as a 404's: PageCacheMiddleware has it
            # replace the page nginx stored, not leave that served stale.
            pass
        else:
            response["Cache-Control"] = "private, no-cache"
        return response

    return wrapper


@dataclass(frozen=True)
class Stored:
    """A stored page: ready WSGI headers and body, and the generation it was made in."""

    generation: str
    headers: list[tuple[str, str]]  # Content-Length and X-Page-Cache included
    content: bytes
    etag: str


class _Memory:
    """This process's copies of stored pages, in front of Django's cache: a hit
    costs a dictionary read and the generation check, no unpickling or network
    round trip. Bounded by bytes; the oldest copies go first."""

    LIMIT_BYTES = 64 * 1024 * 1024

    def __init__(self) -> None:
        self.pages: dict[str, Stored] = {}
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str, current: str) -> Stored | None:
        stored = self.pages.get(key)
        return stored if stored is not None and stored.generation == current else None

    def put(self, key: str, stored: Stored) -> None:
        with self.lock:
            old = self.pages.pop(key, None)
            self.size += len(stored.content) - (len(old.content) if old else 0)
            self.pages[key] = stored
            while self.size > self.LIMIT_BYTES and self.pages:
                self.size -= len(self.pages.pop(next(iter(self.pages))).content)

    def clear(self) -> None:
        with self.lock:
            self.pages = {}
            self.size = 0


memory = _Memory()
fragments.on_new_generation.append(memory.clear)
# Host headers Django accepted (ALLOWED_HOSTS) in this process: only requests for
# them may be answered before Django runs. Bounded (ALLOWED_HOSTS may be "*").
_accepted_hosts: set[str] = set()


def page_key(environ: dict) -> str:
    """The key of a page: host, path and query string as the server passed them."""
    get = environ.get
    address = (
        f"{get('HTTP_HOST', '')}{get('SCRIPT_NAME', '')}{get('PATH_INFO', '')}"
        f"?{get('QUERY_STRING', '')}"
    )
    digest = hashlib.blake2b(address.encode("latin-1", "replace"), digest_size=16)
    return f"reader:page:{_namespace()}:{digest.hexdigest()}"


def _answer(stored: Stored, environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
    """Status, headers and body of a stored page for this request (304, HEAD)."""
    if stored.etag and stored.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
        keep = ("ETag", "Last-Modified", "Cache-Control", "X-Accel-Expires")
        return "304 Not Modified", [h for h in stored.headers if h[0] in keep], b""
    body = b"" if environ.get("REQUEST_METHOD") == "HEAD" else stored.content
    return "200 OK", stored.headers, body


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
        host = request.get_host()
        raw_host = request.META.get("HTTP_HOST")
        if (
            raw_host
            and not settings.USE_X_FORWARDED_HOST
            and raw_host not in _accepted_hosts
            and len(_accepted_hosts) < 100
        ):
            _accepted_hosts.add(raw_host)
        key = page_key({**request.META, "HTTP_HOST": raw_host or host})
        current = request_generation(request)
        stored = memory.get(key, current)
        if stored is None:
            stored = cache.get(key)
            if isinstance(stored, Stored) and stored.generation == current:
                memory.put(key, stored)
            else:
                stored = None
        if stored is not None:
            return self._from_stored(stored, request)
        response = self.get_response(request)
        if (
            getattr(response, "reader_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            content = response.content
            digest = hashlib.blake2b(content, digest_size=12).hexdigest()
            response["ETag"] = f'"{digest}"'
            response["Last-Modified"] = http_date()
            response["Content-Length"] = str(len(content))
            headers = [(k, v) for k, v in response.items()]
            stored = Stored(
                current, [*headers, ("X-Page-Cache", "hit")], content, response["ETag"]
            )
            cache.set(key, stored, settings.CACHE_SECONDS)
            memory.put(key, stored)
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
    def _from_stored(stored: Stored, request: HttpRequest) -> HttpResponse:
        status, headers, body = _answer(stored, request.META)
        response = HttpResponse(body, status=int(status[:3]))
        for name, value in headers:
            response[name] = value
        return response


class PageCacheApp:
    """WSGI application: answers anonymous readers' GETs for pages this process
    holds in ``memory`` before Django runs at all (no request object, signals or
    middleware), and passes everything else to Django's application, whose
    ``PageCacheMiddleware`` stores the pages. The checks are those of the
    middleware: GET or HEAD, no session cookie, a host Django accepted, the
    current generation (read per request, so a purge is never missed)."""

    def __init__(self, application: Callable) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and environ.get("HTTP_HOST") in _accepted_hosts
            and settings.SESSION_COOKIE_NAME not in environ.get("HTTP_COOKIE", "")
            and not environ.get("PATH_INFO", "").startswith(SKIP_PREFIXES)
            and settings.CACHE_SECONDS > 0
        ):
            current = generation()
            stored = memory.get(page_key(environ), current)
            if stored is not None:
                fragments.seen(current)
                status, headers, body = _answer(stored, environ)
                start_response(status, headers)
                return [body]
        return self.application(environ, start_response)
