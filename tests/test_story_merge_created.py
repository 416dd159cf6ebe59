"""A merge keeps the kept article's Created: time and feed GUID (found by the
second demo review: merging a story with an older one moved Created: back to the
older story's first item, which changed the article's feed GUID, so feed readers
showed it again as new; a split moved it once more)."""

from __future__ import annotations

import pytest

from tests.test_story_merge_articles import commit, published_pair  # noqa: F401
from wiredesk.desk.models import Article
from wiredesk.distribution.feeds import article_guid
from wiredesk.stories import editing
from wiredesk.stories.models import Story

pytestmark = pytest.mark.django_db


def test_the_kept_article_keeps_its_created_time_and_guid(run, commit):  # noqa: F811
    older, newer = published_pair(run)
    assert older.created_at < newer.created_at  # the older story's item came first
    created, guid = newer.created_at, article_guid(newer)
    merged = commit(
        editing.merge, Story.objects.filter(pk__in=[older.story_id, newer.story_id])
    )
    kept = Article.objects.get(pk=merged.article.pk)
    assert kept.pk == newer.pk and kept.live
    assert kept.story.created_at == older.created_at  # the story is older now
    assert kept.created_at == created
    assert article_guid(kept) == guid


def test_a_draft_not_yet_published_follows_its_story(run, commit):  # noqa: F811
    """Before publication nothing has been announced: Created: is the story's."""
    older, newer = published_pair(run)
    Article.objects.filter(pk=newer.pk).update(
        status=Article.Status.DRAFT, live=False, first_published_at=None
    )
    Article.objects.filter(pk=older.pk).update(
        status=Article.Status.DRAFT, live=False, first_published_at=None
    )
    merged = commit(
        editing.merge, Story.objects.filter(pk__in=[older.story_id, newer.story_id])
    )
    story = Story.objects.get(pk=merged.story.pk)
    article = Article.objects.get(story=story)
    assert article.created_at == story.created_at == older.created_at
