"""The audience tags build their HTML in Python (they are on every page); what a
reader gets must stay exactly what the reference templates render."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory


def tag(source: str, **context) -> str:
    return Template("{% load audience %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "path",
    ["/", "/news/7/some-story/?utm=a%26b<x>&z=\"q'", "/søk/?q=été & co"],
)
def test_feedback_link_is_the_template_html(path):
    request = RequestFactory().get(path)
    expected = render_to_string(
        "audience/feedback_link.html", {"page": request.get_full_path()}
    )
    assert tag("{% feedback_link %}", request=request) == expected
    assert 'href="/feedback/?page=' in expected


def test_feedback_link_without_a_request():
    assert tag("{% feedback_link %}") == render_to_string(
        "audience/feedback_link.html", {"page": ""}
    )


class Story:
    def __init__(self, pk):
        self.pk = pk


@pytest.mark.parametrize("pk", [1, 7, 123456, None])
def test_pageview_beacon_is_the_template_html(pk):
    from wiredesk.audience.beacons import beacon_url

    expected = render_to_string(
        "audience/beacon.html", {"url": beacon_url(pk) if pk else ""}
    )
    assert tag("{% pageview_beacon story %}", story=Story(pk)) == expected
    assert tag("{% pageview_beacon story %}", story=Story(pk)) == expected  # memo


def test_beacon_follows_a_new_secret_key(settings):
    before = tag("{% pageview_beacon story %}", story=Story(3))
    settings.SECRET_KEY = "another secret key for this test only, long enough"
    after = tag("{% pageview_beacon story %}", story=Story(3))
    assert after != before and "/t/3:" in after
