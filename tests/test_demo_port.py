"""`wiredesk demo --port N`: absolute links follow the port the demo serves on."""

from __future__ import annotations

import os

from wiredesk.demo.management.commands.demo import follow_port


def test_the_demos_links_follow_its_port(settings, monkeypatch):
    """Without SITE_URL, canonical, feed and sitemap links name the demo's port
    (they named 8000 whatever --port said), for its worker processes too."""
    monkeypatch.setenv("SITE_URL", "")  # not set; restored whatever happens
    follow_port(settings, 8126)
    assert settings.SITE_URL == "http://localhost:8126"
    assert os.environ["SITE_URL"] == "http://localhost:8126"


def test_a_site_url_the_user_set_wins(settings, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://news.example.org")
    settings.SITE_URL = "https://news.example.org"
    follow_port(settings, 8126)
    assert settings.SITE_URL == "https://news.example.org"
