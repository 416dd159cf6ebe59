"""Run the web server, the task worker and the scheduler together; stop them together.

`wiredesk run` and `wiredesk demo` use this: one command for a small desk, while at
scale each part runs as its own service (``web_argv``, `wiredesk db_worker`,
`wiredesk scheduler`) on as many machines as needed.

The web server is granian (HTTP in Rust, WSGI workers) serving
``wiredesk.reader.wsgi:application``: on loopback it answered cached pages about
four times faster than gunicorn's sync or gthread workers, whose Python HTTP
handling cost more than a page-cache hit (docs/serving.md has the figures).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("wiredesk.supervisor")

STOP_GRACE = 15.0


@dataclass(frozen=True)
class Child:
    name: str
    argv: list[str]


WSGI_APP = "wiredesk.reader.wsgi:application"
# Threads per web worker: one runs Python at a time (the GIL); the second serves
# while the first waits for PostgreSQL or Redis.
WEB_THREADS = 2


def web_argv(
    host: str, port: int, workers: int, *, access_log: bool = True
) -> list[str]:
    """The web server's command line: granian, ``workers`` processes."""
    return [
        sys.executable, "-m", "granian", "--interface", "wsgi",
        "--host", host, "--port", str(port),
        "--workers", str(workers), "--blocking-threads", str(WEB_THREADS),
        "--no-ws", "--workers-kill-timeout", "10", "--log-level", "warning",
        *(["--access-log"] if access_log else []),
        WSGI_APP,
    ]  # fmt: skip


def children(host: str, port: int, web_workers: int) -> list[Child]:
    python = sys.executable
    return [
        Child("web", web_argv(host, port, web_workers)),
        Child(
            "worker",
            [
                python, "-m", "wiredesk", "db_worker", "--queue-name", "*",
                "--interval", "0.5", "--no-reload", "--no-startup-delay",
                "--verbosity", "0",
            ],
        ),
        Child("scheduler", [python, "-m", "wiredesk", "scheduler"]),
    ]  # fmt: skip


def supervise(
    parts: list[Child],
    *,
    on_ready: Callable[[], None] | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Start ``parts``; on SIGINT/SIGTERM or the death of one, stop them all.

    Each child gets its own session, so Ctrl-C reaches only this process, which then
    stops the children in order with SIGTERM (SIGKILL after a grace period).
    Returns 0 after a requested stop, 1 when a part died on its own.
    """
    stopping = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {
        sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    procs: dict[str, subprocess.Popen] = {}
    status = 0
    try:
        for part in parts:
            procs[part.name] = subprocess.Popen(
                part.argv, start_new_session=True, env=os.environ.copy()
            )
        if on_ready:
            on_ready()
        while not stopping:
            time.sleep(0.3)
            for name, proc in procs.items():
                if proc.poll() is not None:
                    code = proc.returncode
                    say(f"wiredesk: {name} stopped unexpectedly (exit {code})")
                    status = 1
                    stopping = True
    finally:
        say("wiredesk: stopping web server, worker and scheduler…")
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for name, proc in procs.items():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"wiredesk: {name} did not stop in time; killing it")
                proc.kill()
                proc.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        say("wiredesk: stopped.")
    return status
