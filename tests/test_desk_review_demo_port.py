"""`wiredesk demo --port N`: the digest command the demo suggests reaches the
port it runs on (it sent links to port 8000)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

from wiredesk.demo.management.commands.demo import digest_command, follow_port


def test_the_digest_hint_names_the_demos_port(settings, monkeypatch):
    """On --port 8731 the suggested command sets SITE_URL to that port, and run as
    printed, wiredesk reads it (links in the digest name the demo's port)."""
    for name in ("SITE_URL", "WIREDESK_HOME", "DATABASE_URL", "SITE_TIME_ZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(settings, "SITE_URL", "http://localhost:8000")
    follow_port(settings, 8731)
    hint = digest_command(settings, "smtp://127.0.0.1:1025")
    assert hint == "SITE_URL=http://localhost:8731 wiredesk digest --edition global"

    words = shlex.split(hint)
    env = dict(word.split("=", 1) for word in words[: words.index("wiredesk")])
    child = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    seen = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os;"
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'wiredesk.settings';"
            "django.setup();"
            "from django.conf import settings; print(settings.SITE_URL)",
        ],
        env=child | env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert seen.stdout.strip() == "http://localhost:8731"


def test_the_digest_hint_passes_on_the_demos_home_and_mail_port(
    settings, monkeypatch, tmp_path
):
    """A demo with its own home or time zone, or whose catcher took another port,
    says so in the command, quoted for the shell."""
    home = tmp_path / "my demo"
    monkeypatch.setenv("WIREDESK_HOME", str(home))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SITE_TIME_ZONE", "Asia/Kolkata")
    monkeypatch.setenv("SITE_URL", "")
    follow_port(settings, 8731, "192.0.2.7")
    hint = digest_command(settings, "smtp://127.0.0.1:40123")
    assert hint == (
        f"SITE_URL=http://192.0.2.7:8731 WIREDESK_HOME={shlex.quote(str(home))} "
        "SITE_TIME_ZONE=Asia/Kolkata EMAIL_URL=smtp://127.0.0.1:40123 "
        "wiredesk digest --edition global"
    )
