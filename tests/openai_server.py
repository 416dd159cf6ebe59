"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions API.

Each test scripts what the "model" answers (``reply``: the assistant's text) or how
the server misbehaves (``status``, ``raw``, ``delay``); every request is kept with
its headers and JSON body, so tests can see what drafting sent.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from tests.localserver import LoopbackServer


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict


class ChatServer(LoopbackServer):
    def __init__(self) -> None:
        self.reply = '{"headline": "", "standfirst": ""}'  # the assistant's text
        self.status = 200
        self.raw: bytes | None = None  # sent instead of a chat completion
        self.delay = 0.0  # seconds to wait before answering
        self.requests: list[Request] = []
        super().__init__(_Handler)

    @property
    def base_url(self) -> str:
        """What OPENAI_BASE_URL is set to, as for a local model server."""
        return f"{self.base}/v1"

    def completion(self, model: str) -> bytes:
        return json.dumps(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.reply},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": 1,
                    "completion_tokens": 1,
                    "total_tokens": 2,
                },
            }
        ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: ChatServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append(Request(self.path, dict(self.headers), body))
        if self.server.delay:
            time.sleep(self.server.delay)
        if self.path != "/v1/chat/completions":
            status, payload = 404, b'{"error": {"message": "unknown path"}}'
        elif self.server.raw is not None:
            status, payload = self.server.status, self.server.raw
        else:
            status, payload = self.server.status, self.server.completion(body["model"])
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass
