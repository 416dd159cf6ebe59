"""An in-house piece's feed GUID never changes once it was published (code review).

The GUID (``distribution.feeds.article_guid``) names the day of Created:. The
migration giving pieces already published their first-live times moved Created:
of a piece drafted on an earlier day, so feed readers would have shown it again
as new; it keeps that Created: now. Publishing a piece again later keeps it too.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from tests.test_desk_fixtures import article  # noqa: F401 (a fixture)
from tests.test_distribution_links import make_article
from wiredesk.desk import workflow
from wiredesk.desk.models import Article
from wiredesk.distribution.feeds import article_guid

pytestmark = pytest.mark.django_db

migration = __import__(
    "wiredesk.desk.migrations.0010_in_house_times_first_live",
    fromlist=["first_live"],
)


def guid(piece: Article) -> str:
    return article_guid(Article.objects.get(pk=piece.pk))


def test_a_piece_drafted_on_an_earlier_day_keeps_its_guid():
    piece = make_article("A column", published_ago=timedelta(hours=1), kind="blog")
    drafted = timezone.now() - timedelta(days=2)
    Article.objects.filter(pk=piece.pk).update(created_at=drafted, updated_at=drafted)
    before = guid(piece)

    migration.first_live(apps, None)

    assert guid(piece) == before
    stored = Article.objects.get(pk=piece.pk)
    assert stored.created_at == drafted
    assert stored.updated_at == stored.first_published_at  # Latest News's order


def test_a_piece_drafted_the_same_day_gets_its_first_live_time():
    """Created: moves to its first publication where the GUID's day stays."""
    piece = make_article("A column", published_ago=timedelta(hours=1), kind="blog")
    first = piece.first_published_at
    drafted = first.replace(hour=0, minute=0, second=0, microsecond=0)
    Article.objects.filter(pk=piece.pk).update(created_at=drafted, updated_at=drafted)
    before = guid(piece)

    migration.first_live(apps, None)

    assert guid(piece) == before
    assert Article.objects.get(pk=piece.pk).created_at == first


def test_publishing_a_piece_again_later_keeps_its_guid(article):  # noqa: F811
    """Unpublished and published again two days later, it keeps Created:."""
    article.kind = Article.Kind.BLOG
    article.save()
    now = timezone.now()
    workflow.transition(article, "publish", None, now=now)
    first = guid(article)
    workflow.transition(article, "unpublish", None)
    workflow.transition(article, "publish", None, now=now + timedelta(days=2))
    stored = Article.objects.get(pk=article.pk)
    assert (stored.live, stored.created_at) == (True, now)
    assert guid(article) == first
