"""An in-house piece's times are when it first went live, not when its draft was
begun: the page's Created:/Updated:, the feed's pubDate, the sitemap's lastmod and
its place in Latest News agree (found by the review: a column written at 07:11
and published at 07:14 said "Updated: 07:11 | Created: 07:11", its RSS pubDate
07:14, and a column drafted days ahead sank in Latest News)."""

from __future__ import annotations

import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

import lxml.etree
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from tests.test_desk_crlf import agency_article  # noqa: F401 (a fixture)
from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data
from tests.test_distribution_links import make_article
from tests.test_overrides import wire  # noqa: F401 (a fixture)
from wiredesk.desk import workflow
from wiredesk.desk.models import Article, Author

pytestmark = pytest.mark.django_db

SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def page_times(client, article: Article) -> tuple[str, str]:
    """(Updated:, Created:) as the article page's <time> elements give them."""
    page = client.get(article.get_absolute_url()).content.decode()
    updated = re.search(r'<time class="updated" datetime="([^"]+)"', page).group(1)
    created = re.search(r'<time class="created" datetime="([^"]+)"', page).group(1)
    return updated, created


def rss_pubdate(client, article: Article):
    feed = lxml.etree.fromstring(client.get("/feeds/latest.rss").content)
    for item in feed.iter("item"):
        if item.findtext("link").endswith(article.get_absolute_url()):
            return parsedate_to_datetime(item.findtext("pubDate"))
    raise AssertionError("not in the feed")


def sitemap_lastmod(client, article: Article) -> str:
    url = reverse("distribution:sitemap-section", args=["articles"])
    doc = lxml.etree.fromstring(client.get(url).content)
    for entry in doc.iterfind("sm:url", SM):
        if entry.findtext("sm:loc", namespaces=SM).endswith(article.get_absolute_url()):
            return entry.findtext("sm:lastmod", namespaces=SM)
    raise AssertionError("not in the sitemap")


@pytest.fixture
def drafted_days_ago(client, writer) -> Article:
    """A column a writer began three days ago (through the desk's Write page)."""
    client.force_login(writer)
    author = Author.objects.create(name="Ama Mensah", role="Columnist")
    response = client.post(
        reverse("desk:write"),
        {
            "kind": "opinion",
            "author": author.pk,
            "headline": "Water is a budget line, not a miracle",
            "body_html": "Budgets decide.\n\nThey always have.",
        },
    )
    assert response.status_code == 302
    client.logout()
    days_ago = timezone.now() - timedelta(days=3)
    Article.objects.filter(kind="opinion").update(
        created_at=days_ago, updated_at=days_ago
    )
    return Article.objects.get(kind="opinion")


def test_a_column_published_now_says_now_everywhere(client, editor, drafted_days_ago):
    """Published by an editor, the column's Created: and Updated: are the moment
    it went live, the same as its RSS pubDate and sitemap lastmod, and it heads
    Latest News above news published an hour ago."""
    earlier = make_article(
        "Ghana signs a water loan",
        published_ago=timedelta(hours=1),
        agencies=["Meridian Press Agency"],
    )
    client.force_login(editor)
    url = reverse("desk:edit", args=[drafted_days_ago.pk])
    response = client.post(url, edit_data(drafted_days_ago, action="publish"))
    assert response.status_code == 302
    piece = Article.objects.get(pk=drafted_days_ago.pk)
    live = piece.first_published_at
    assert timezone.now() - live < timedelta(minutes=1)
    client.logout()

    assert page_times(client, piece) == (live.isoformat(), live.isoformat())
    assert rss_pubdate(client, piece) == live.replace(microsecond=0)
    assert sitemap_lastmod(client, piece) == live.date().isoformat()
    latest = client.get("/latest/").content.decode()
    assert latest.index(piece.headline) < latest.index(earlier.headline)


def test_a_scheduled_column_says_when_it_went_live(client, editor, drafted_days_ago):
    """Scheduled, the column goes live at the scheduler's run: that is its
    Created: and Updated:, not the drafting time."""
    client.force_login(editor)
    go = timezone.localtime(timezone.now() + timedelta(hours=2))
    url = reverse("desk:edit", args=[drafted_days_ago.pk])
    data = edit_data(
        drafted_days_ago, go_live_at=go.strftime("%Y-%m-%dT%H:%M"), action="schedule"
    )
    assert client.post(url, data).status_code == 302
    run_at = timezone.now() + timedelta(hours=2, minutes=1)
    assert workflow.run_schedule(now=run_at) == (1, 0)
    piece = Article.objects.get(pk=drafted_days_ago.pk)
    assert piece.created_at == piece.updated_at == piece.first_published_at == run_at


def test_a_substantive_edit_moves_updated_but_not_created(
    client, editor, drafted_days_ago
):
    client.force_login(editor)
    url = reverse("desk:edit", args=[drafted_days_ago.pk])
    client.post(url, edit_data(drafted_days_ago, action="publish"))
    piece = Article.objects.get(pk=drafted_days_ago.pk)
    live = piece.first_published_at
    Article.objects.filter(pk=piece.pk).update(
        created_at=live - timedelta(hours=2),
        updated_at=live - timedelta(hours=2),
        first_published_at=live - timedelta(hours=2),
    )
    piece = Article.objects.get(pk=piece.pk)
    data = edit_data(
        piece, standfirst="Budgets decide who gets water.", moves_updated="on"
    )
    assert client.post(url, data).status_code == 302
    client.logout()
    updated, created = page_times(client, Article.objects.get(pk=piece.pk))
    assert created == piece.first_published_at.isoformat()
    assert updated > created


def test_an_agency_article_keeps_its_first_items_time(agency_article):  # noqa: F811
    """Created: of an agency article is still its story's first item."""
    article = Article.objects.get(pk=agency_article.pk)
    assert article.first_published_at is not None
    assert article.created_at == article.story.created_at


def test_the_migration_fixes_pieces_already_published(db):
    """Pieces published before this fix get Updated: no earlier than their first
    publication; one drafted on an earlier day keeps its Created: (its feed GUID
    names that day: test_desk_crfix_guid); agency articles are left alone."""
    migration = __import__(
        "wiredesk.desk.migrations.0010_in_house_times_first_live",
        fromlist=["first_live"],
    )
    now = timezone.now()
    piece = make_article("A column", published_ago=timedelta(hours=1), kind="blog")
    agency = make_article(
        "Agency news", published_ago=timedelta(hours=1), agencies=["Northwind Wire"]
    )
    Article.objects.filter(pk__in=[piece.pk, agency.pk]).update(
        created_at=now - timedelta(days=2), updated_at=now - timedelta(days=2)
    )
    migration.first_live(apps, None)
    piece, agency = (Article.objects.get(pk=a.pk) for a in (piece, agency))
    assert piece.updated_at == piece.first_published_at
    assert piece.created_at == now - timedelta(days=2)
    assert agency.created_at == now - timedelta(days=2)
