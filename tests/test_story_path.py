"""The walking skeleton: demo feeds over HTTP → items → stories → drafts → articles."""

from __future__ import annotations

import pytest

from wiredesk.demo import content
from wiredesk.demo.setup import register_sources
from wiredesk.demo.wire_server import WireService
from wiredesk.desk.models import Article
from wiredesk.ingest import pipeline
from wiredesk.ingest.models import FetchRun, WireItem
from wiredesk.stories.models import Story, StoryItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def wire():
    service = WireService().start()
    yield service
    service.stop()


def poll_all(sources, capture) -> list[FetchRun]:
    with capture(execute=True):
        return [pipeline.fetch_source(source) for source in sources]


def article_of(guid: str) -> Article:
    return Article.objects.filter(story__items__item__guid=guid).distinct().get()


def test_demo_feeds_become_published_articles(wire, django_capture_on_commit_callbacks):
    """Every demo story is published once; cross-agency stories credit both agencies."""
    sources = register_sources(wire)
    runs = poll_all(sources, django_capture_on_commit_callbacks)

    assert [r.outcome for r in runs] == ["ok", "ok", "ok"]
    assert WireItem.objects.count() == len(content.ITEMS)
    stories = len(content.ITEMS) - len(content.CROSS_AGENCY_STORIES)
    assert Story.objects.count() == stories
    published = Article.objects.published()
    assert published.count() == stories

    agencies = {a.slug: a.name for a in content.AGENCIES}
    for guids in content.CROSS_AGENCY_STORIES:
        articles = {article_of(guid).pk for guid in guids}
        assert len(articles) == 1, f"{guids} should be one story"
        article = article_of(guids[0])
        named = {agencies[g.split(":")[1]] for g in guids}
        assert set(article.agencies) == named
        for name in named:
            assert name in article.credit_line

    lookalike = article_of(content.LOOKALIKE_GUID)
    assert lookalike.agencies == [agencies[content.LOOKALIKE_GUID.split(":")[1]]]
    assert lookalike.credit_line == "(With inputs from agencies.)"


def test_article_fields_come_from_the_wire(wire, django_capture_on_commit_callbacks):
    """Headline, standfirst, dateline and country are drafted from the agency copy."""
    poll_all(register_sources(wire), django_capture_on_commit_callbacks)
    guid = content.CROSS_AGENCY_STORIES[0][0]
    article = article_of(guid)
    item = WireItem.objects.get(guid=guid)
    assert article.headline == item.headline
    assert article.standfirst and len(article.standfirst.split()) <= 60
    assert article.dateline and article.country is not None
    # The dateline lives in the meta line, not at the head of the body.
    assert not article.body_html.startswith(f"<p>{article.dateline.upper()}")
    assert article.created_at <= article.updated_at


def test_polling_again_stores_nothing_twice(wire, django_capture_on_commit_callbacks):
    """A second poll of unchanged feeds is answered 304 and adds no rows."""
    sources = register_sources(wire)
    poll_all(sources, django_capture_on_commit_callbacks)
    counts = (WireItem.objects.count(), Story.objects.count(), Article.objects.count())
    runs = poll_all(sources, django_capture_on_commit_callbacks)
    assert [r.outcome for r in runs] == ["not_modified"] * 3
    for source in sources:
        source.etag = ""  # force a full download: the items are still unchanged
        source.save()
    runs = poll_all(sources, django_capture_on_commit_callbacks)
    assert sum(r.items_unchanged for r in runs) == len(content.ITEMS)
    assert (
        WireItem.objects.count(),
        Story.objects.count(),
        Article.objects.count(),
    ) == counts


def test_agency_update_becomes_a_version(wire, django_capture_on_commit_callbacks):
    """An updated item joins its story as a version and moves the article's Updated."""
    sources = register_sources(wire)
    poll_all(sources, django_capture_on_commit_callbacks)
    before = article_of(content.UPDATED_GUID)
    assert before.updated_at == before.created_at

    wire.started -= 3600  # the agency's update is now out
    runs = poll_all(sources, django_capture_on_commit_callbacks)
    assert sum(r.items_updated for r in runs) == 1

    versions = WireItem.objects.filter(guid=content.UPDATED_GUID).order_by("version")
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].signal == WireItem.Signal.UPDATE
    roles = StoryItem.objects.filter(item__guid=content.UPDATED_GUID)
    assert sorted(r.role for r in roles) == ["source", "version"]
    after = article_of(content.UPDATED_GUID)
    assert after.pk == before.pk
    assert after.updated_at > after.created_at
    assert after.headline != before.headline
    assert not after.headline.upper().startswith("UPDATE")


def test_one_broken_source_does_not_stop_the_others(
    wire, django_capture_on_commit_callbacks
):
    """A source answering 404 is recorded with backoff; the other sources ingest."""
    sources = register_sources(wire)
    broken = sources[0]
    broken.url = f"{wire.base_url}/no-such-agency/feed"
    broken.save()
    runs = poll_all(sources, django_capture_on_commit_callbacks)
    assert runs[0].outcome == "error" and "404" in runs[0].error
    assert all(r.outcome == "ok" for r in runs[1:])
    broken.refresh_from_db()
    assert broken.consecutive_failures == 1
    assert broken.enabled and "404" in broken.last_error
    assert Article.objects.published().exists()
