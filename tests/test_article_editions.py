"""An article belongs to its own edition and may also be placed in others.

The editor picks the other editions on the desk's edit page; the article then shows
on those editions' homes, in their feeds, search filter and newsletter digests.
"""

from __future__ import annotations

import feedparser
import pytest
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_views import edit_data, signed_in
from tests.test_reader_pages import make_article
from wiredesk.desk.models import Article
from wiredesk.reader.search import Filters, search
from wiredesk.reader.search.query import parse
from wiredesk.taxonomy.models import Edition

pytestmark = pytest.mark.django_db

HEADLINE = "Nile basin states agree on a drought warning system"


@pytest.fixture
def placed() -> Article:
    """An Africa story the desk also placed in the Europe edition."""
    article = make_article(HEADLINE, edition_id="africa")
    article.editions.set([Edition.objects.get(slug="europe")])
    return article


def test_editor_places_an_article_in_other_editions(client, editor, article):
    """Saving the edit page with 'Also in editions' stores them and keeps a
    revision of the change."""
    signed_in(client, editor)
    response = client.post(
        reverse("desk:edit", args=[article.pk]),
        edit_data(article, edition="africa", editions=["europe", "asia-pacific"]),
    )
    assert response.status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert saved.edition_id == "africa"
    assert sorted(saved.editions.values_list("slug", flat=True)) == [
        "asia-pacific",
        "europe",
    ]
    revision = saved.revisions.order_by("-number").first()
    assert revision.snapshot["editions"] == ["asia-pacific", "europe"]


def test_other_editions_show_it_on_their_home_and_feed(client, placed):
    """The Europe edition's home and feed carry the Africa story; an edition it
    was not placed in does not."""
    europe = client.get(reverse("reader:edition", args=["europe"])).content.decode()
    assert HEADLINE in europe
    asia = client.get(reverse("reader:edition", args=["asia-pacific"])).content
    assert HEADLINE.encode() not in asia
    feed = feedparser.parse(client.get("/feeds/edition/europe.rss").content)
    assert not feed.bozo and [e.title for e in feed.entries] == [HEADLINE]


def test_search_filter_and_digest_follow_other_editions(placed):
    """Filtering search by an edition, and the edition's digest, include articles
    also placed in it."""
    from wiredesk.audience.newsletter.digests import edition_articles

    hits = search(parse("drought"), Filters(edition="europe")).hits
    assert [h.article.pk for h in hits] == [placed.pk]
    assert not search(parse("drought"), Filters(edition="asia-pacific")).hits
    europe = Edition.objects.get(slug="europe")
    assert list(edition_articles(europe).values_list("pk", flat=True)) == [placed.pk]
