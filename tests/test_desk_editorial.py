"""The demo's in-house content: seeded once, whatever the number of restarts."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate

from wiredesk.demo import editorial
from wiredesk.desk.models import Article, Author, Brief, Page

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_fills_the_reader_pages():
    """Two authors, three published pieces and one in review, four briefs and the
    four footer pages; a second seed adds nothing."""
    editorial.seed()
    editorial.seed()
    assert Author.objects.count() == 2
    published = Article.objects.published()
    kinds = set(published.values_list("kind", flat=True))
    assert kinds == {"opinion", "blog", "interview"}
    assert Article.objects.filter(status=Article.Status.IN_REVIEW).count() == 1
    assert Brief.objects.filter(status="published").count() == 4
    assert set(Page.objects.values_list("slug", flat=True)) == {
        "about",
        "contact",
        "terms",
        "privacy",
    }
    assert all(a.author and a.author.bio for a in published)


def test_demo_editor_password_is_printed_and_new_each_start():
    """The editor account signs in with the password the demo printed, and only
    with the latest one."""
    first, second = io.StringIO(), io.StringIO()
    editorial.seed(first)
    editorial.seed(second)
    old = first.getvalue().split("password '")[1].split("'")[0]
    new = second.getvalue().split("password '")[1].split("'")[0]
    assert old != new
    assert authenticate(username="editor", password=old) is None
    user = authenticate(username="editor", password=new)
    assert user is not None and user.has_perm("desk.publish_article")
