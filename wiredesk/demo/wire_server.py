"""A small wire service on loopback: three fictional agencies' RSS and Atom feeds.

Each item's versions appear on a timeline counted from the server's start, so the
demo shows an agency updating an item while wiredesk is running. Feeds answer
conditional GETs (ETag) like a well-behaved agency server.
"""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from wiredesk.demo.content import AGENCIES, ITEMS, Agency, DemoItem, Version


class WireService:
    def __init__(self, speed: float = 1.0) -> None:
        self.started = time.monotonic()
        # Whole seconds, as feeds date items: a restart that finds this start in
        # the items it stored (``resume``) sends the very same times.
        self.clock = datetime.now(UTC).replace(microsecond=0)
        self.speed = speed  # >1 brings the timeline forward (tests)
        self.offset = 0.0  # seconds of the timeline run before this start
        self.server: ThreadingHTTPServer | None = None

    def resume(self, first_start: datetime) -> None:
        """Carry on the timeline of the service first started at ``first_start``.

        A restart dated its copy from its own start: a day later each weekday in
        the text, hence the items' content, changed and ingest stored them again
        as new versions. Resumed, the items keep their times and text, and the
        versions that had appeared by now (the update after 20 s) are the ones
        sent, not the first version again."""
        self.offset = max(0.0, (self.clock - first_start).total_seconds())
        self.clock = first_start

    # -- content -----------------------------------------------------------
    def elapsed(self) -> float:
        return self.offset + (time.monotonic() - self.started) * self.speed

    def visible(self, item: DemoItem) -> list[Version]:
        return [v for v in item.versions if v.appears_after <= self.elapsed()]

    def at(self, hours_ago: float) -> datetime:
        return self.clock - timedelta(hours=hours_ago)

    def item_url(self, item: DemoItem) -> str:
        return f"{self.base_url}/{item.agency}/{item.guid.rsplit(':', 1)[-1]}.html"

    def feed(self, agency: Agency) -> bytes:
        cls = Atom1Feed if agency.feed_format == "atom" else Rss201rev2Feed
        feed = cls(
            title=f"{agency.name} — all stories",
            link=f"{self.base_url}/{agency.slug}/",
            description=f"Wire copy from {agency.name} (wiredesk demo).",
            language="en",
        )
        for item in ITEMS:
            if item.agency != agency.slug:
                continue
            versions = self.visible(item)
            if not versions:
                continue
            current = versions[-1]
            feed.add_item(
                title=current.headline,
                link=self.item_url(item),
                description="".join(
                    f"<p>{escape(p)}</p>" for p in current.paragraphs_at(self.clock)
                ),
                unique_id=item.guid,
                unique_id_is_permalink=False,
                # RSS has no update time: agencies move pubDate when they update.
                pubdate=self.at(
                    versions[0].hours_ago if cls is Atom1Feed else current.hours_ago
                ),
                updateddate=self.at(current.hours_ago),
                author_name=agency.name,
            )
        return feed.writeString("utf-8").encode("utf-8")

    def page(self, agency_slug: str, number: str) -> bytes | None:
        for item in ITEMS:
            if item.agency == agency_slug and item.guid.endswith(f":{number}"):
                versions = self.visible(item)
                if versions:
                    v = versions[-1]
                    body = "".join(
                        f"<p>{escape(p)}</p>" for p in v.paragraphs_at(self.clock)
                    )
                    return (
                        f"<!doctype html><title>{escape(v.headline)}</title>"
                        f"<h1>{escape(v.headline)}</h1>{body}"
                    ).encode()
        return None

    # -- serving -----------------------------------------------------------
    def start(self, host: str = "127.0.0.1", port: int = 0) -> WireService:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = [p for p in self.path.split("?")[0].split("/") if p]
                agency = next(
                    (a for a in AGENCIES if parts and a.slug == parts[0]), None
                )
                if agency and parts[1:] == ["feed"]:
                    ctype = (
                        "application/atom+xml"
                        if agency.feed_format == "atom"
                        else "application/rss+xml"
                    )
                    self.reply(service.feed(agency), f"{ctype}; charset=utf-8")
                    return
                if agency and len(parts) == 2 and parts[1].endswith(".html"):
                    body = service.page(agency.slug, parts[1].removesuffix(".html"))
                    if body:
                        self.reply(body, "text/html; charset=utf-8")
                        return
                self.send_error(404, "no such feed or item")

            def reply(self, body: bytes, content_type: str) -> None:
                etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def base_url(self) -> str:
        assert self.server is not None, "start() the wire service first"
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def feed_url(self, agency: Agency) -> str:
        return f"{self.base_url}/{agency.slug}/feed"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
