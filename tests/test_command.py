"""The `wiredesk` command: help, and `run` serving until it is told to stop."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import free_port
from wiredesk.cli import command_summaries

WIREDESK = [sys.executable, "-m", "wiredesk"]


def test_help_lists_subcommands_one_line_each():
    """`wiredesk --help` names run, demo, createadmin and scheduler with a summary."""
    out = subprocess.run(
        [*WIREDESK, "--help"], capture_output=True, text=True, check=True
    ).stdout
    for name in ("run", "demo", "createadmin", "scheduler", "migrate", "db_worker"):
        line = next(line for line in out.splitlines() if line.split()[:1] == [name])
        assert len(line.split()) > 2, f"{name} has no summary: {line!r}"


def test_every_wiredesk_command_has_a_summary():
    """No sub-command is listed without its one-line help."""
    assert all(summary for _, summary in command_summaries())


def test_createadmin_creates_a_superuser(db, monkeypatch):
    """`wiredesk createadmin` makes an account that can sign in to the desk."""
    from django.contrib.auth import authenticate
    from django.core.management import call_command

    monkeypatch.setenv("ADMIN_PW", "a-long-test-password")
    call_command("createadmin", "--username", "ed", "--password-env", "ADMIN_PW")
    user = authenticate(username="ed", password="a-long-test-password")
    assert user is not None and user.is_superuser and user.is_staff


def wait_for(url: str, timeout: float = 60.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_run_serves_then_stops_cleanly(process_env, stop_signal):
    """`wiredesk run` migrates, serves the site, and stops everything on a signal."""
    port = free_port()
    proc = subprocess.Popen(
        [*WIREDESK, "run", "--port", str(port), "--workers", "1"],
        env=process_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        response = wait_for(f"http://127.0.0.1:{port}/")
        assert response.status_code == 200
        assert "granian" in response.headers.get("server", "").lower()
        css = httpx.get(f"http://127.0.0.1:{port}/static/reader/site.css")
        assert css.status_code == 200 and "wiredesk" in css.text
        proc.send_signal(stop_signal)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, output
    assert "wiredesk: stopped." in output
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
