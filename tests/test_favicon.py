"""The site's icon: every page names one that exists, so browsers stop asking for
a /favicon.ico that answered 404 on every page (a console error each time)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403


def _icon(html: str) -> str:
    found = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert found, "no icon linked"
    return found.group(1)


def test_the_public_site_and_the_desk_link_an_icon_that_is_shipped(client, db):
    for page in (client.get("/"), client.get(reverse("desk:login"))):
        assert page.status_code == 200
        href = _icon(page.content.decode())
        name = href.split("/static/", 1)[1].split("?")[0]
        name = re.sub(r"\.[0-9a-f]{12}\.svg$", ".svg", name)  # a hashed name
        assert finders.find(name), f"{name} is not among the static files"
