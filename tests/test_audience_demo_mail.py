"""The demo's mail catcher: every mail the site sends is shown and kept."""

from __future__ import annotations

import os
import smtplib

import pytest

from wiredesk.audience.models import DigestSettings
from wiredesk.demo.mail import start_for_demo

pytestmark = pytest.mark.django_db


def test_demo_catcher_keeps_and_announces_mail(tmp_path, monkeypatch):
    """start_for_demo points EMAIL_URL at a local server that saves each mail as
    .eml under the home folder and prints its links; the global edition gets a
    digest time."""
    monkeypatch.setenv("EMAIL_URL", "smtp://127.0.0.1:1025")
    said: list[str] = []
    catcher = start_for_demo(tmp_path, said.append)
    try:
        assert os.environ["EMAIL_URL"] == catcher.url
        with smtplib.SMTP("127.0.0.1", catcher.port) as client:
            client.sendmail(
                "newsletter@localhost",
                ["reader@example.org"],
                b"To: reader@example.org\r\nSubject: Confirm\r\n\r\n"
                b"Open http://localhost:8000/newsletter/confirm/abc/\r\n",
            )
    finally:
        catcher.stop()
    [saved] = (tmp_path / "mail").iterdir()
    assert b"Subject: Confirm" in saved.read_bytes()
    assert "reader@example.org: Confirm" in said[0]
    assert "http://localhost:8000/newsletter/confirm/abc/" in said[0]
    assert DigestSettings.objects.filter(edition_id="global").exists()
