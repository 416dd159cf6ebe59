"""Shared fixtures. Corpus-backed tests skip with a reason when ../shared is absent."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.openai_server import ChatServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WIREDESK_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def fresh_snapshots():
    """Per-process taxonomy snapshots (and the sizes of terms and of the
    archive, ``ArticleQuerySet.about``) outlive a test's rolled-back
    transaction: drop them after every test so the next one reads the database
    again."""
    yield
    from wiredesk.desk.models import forget_term_sizes
    from wiredesk.taxonomy.models import Snapshot

    Snapshot.forget_all()
    forget_term_sizes()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Place a stored wire item with ``clustering.assign``, the desk's and
    drafting's reactions run at commit, as the worker's task would."""
    from wiredesk.stories.clustering import assign

    def place(item):
        with django_capture_on_commit_callbacks(execute=True):
            return assign(item)

    return place


@pytest.fixture
def fresh_rate_limits():
    """The page-view cap counts in the cache (Redis outlives a run): start and end
    a test with none. (Form limits and lockouts are database rows, which each
    test's transaction or flush removes.)"""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clean_trending():
    """With REDIS_URL the trending counters and lists live in Redis, which
    outlives each test's transaction: start every test that uses them empty."""
    from django.conf import settings as django_settings

    from wiredesk.audience import trending

    if django_settings.REDIS_URL:
        store = trending.get_store()
        for key in store.client.scan_iter(f"{store.prefix}*"):
            store.client.delete(key)
    yield


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback that Django's SMTP backend sends to."""
    from wiredesk.demo.mail import MailCatcher

    with MailCatcher() as catcher:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = catcher.port
        yield catcher


@pytest.fixture
def corpus() -> Path:
    """The shared development corpus, or a skip that says why it is missing."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set WIREDESK_SHARED)")
    return CORPUS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def process_env(tmp_path):
    """Environment for a wiredesk process started by a test: its own home and database.

    On SQLite the database is a file in the test's folder; when DATABASE_URL points
    at PostgreSQL, a throw-away database is created beside it and dropped afterwards,
    so processes never touch the test run's own database.
    """
    import secrets
    from urllib.parse import urlsplit, urlunsplit

    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))
    }
    env["WIREDESK_HOME"] = str(tmp_path / "home")
    env["PYTHONUNBUFFERED"] = "1"
    url = os.environ.get("DATABASE_URL", "")
    dropper = None
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"wiredesk_proc_{secrets.token_hex(4)}"
        parts = urlsplit(url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

        def dropper() -> None:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'wiredesk.sqlite3'}"
    yield env
    if dropper:
        dropper()


@pytest.fixture
def local_server():
    """A scripted HTTP server on loopback (see tests/localserver.py)."""
    from tests.localserver import LocalServer

    server = LocalServer()
    yield server
    server.close()


def rss(*items: tuple[str, str, str], title: str = "Test wire") -> bytes:
    """A small RSS 2.0 feed of (guid, headline, body) items, written for the tests."""
    from xml.sax.saxutils import escape

    entries = "".join(
        f"<item><guid>{escape(g)}</guid><title>{escape(h)}</title>"
        f"<description>{escape(b)}</description>"
        "<pubDate>Thu, 05 Feb 2026 00:55:00 GMT</pubDate></item>"
        for g, h, b in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://wire.test/</link>"
        f"<description>t</description>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def chat(settings):
    """A chat-completions server on 127.0.0.1, and drafting pointed at it."""
    server = ChatServer()
    settings.DRAFTING_BACKEND = "openai"
    settings.OPENAI_BASE_URL = server.base_url
    settings.OPENAI_MODEL = "test-model"
    settings.OPENAI_API_KEY = None
    settings.OPENAI_TIMEOUT = 5
    yield server
    server.close()


# Debian's Chromium, driven by Playwright; never a downloaded browser.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
def browser(monkeypatch):
    """Chromium through Playwright's sync API. Its event loop runs in this thread,
    so Django would take the test's own (synchronous) queries for async code."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # Queries made while Playwright runs use connections of their own
        # (Django keeps connections per asyncio context); close them here, or
        # PostgreSQL refuses to drop the test database at the end.
        connections.close_all()
