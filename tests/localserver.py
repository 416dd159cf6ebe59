"""A real HTTP server on 127.0.0.1 whose answers each test scripts by path."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds between body chunks (a slow server)


Route = Reply | Callable[[BaseHTTPRequestHandler], Reply]


class LoopbackServer(ThreadingHTTPServer):
    """A threaded HTTP server on a free 127.0.0.1 port, serving from a thread."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address) -> None:
        # Clients hanging up on purpose (size limits, timeouts) are expected.
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class LocalServer(LoopbackServer):
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        super().__init__(_Handler)

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers)))
        route = self.server.routes.get(self.path)
        if route is None:
            reply = Reply(404, b"not found")
        else:
            reply = route(self) if callable(route) else route
        chunks = [reply.body] if isinstance(reply.body, bytes) else list(reply.body)
        self.send_response(reply.status)
        headers = dict(reply.headers)
        if reply.delay == 0 and "Content-Length" not in headers:
            headers["Content-Length"] = str(sum(len(c) for c in chunks))
        for name, value in headers.items():
            self.send_header(name, value)
        if reply.delay:
            self.send_header("Connection", "close")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(chunk)
            self.wfile.flush()
            if reply.delay:
                time.sleep(reply.delay)

    def log_message(self, format: str, *args: object) -> None:
        pass
