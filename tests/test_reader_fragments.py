"""Shared page parts (menus, newsletter box, related lists) rendered once per
page-cache generation: with the page cache off, a reader still sees every change the
desk makes at the next request."""

from __future__ import annotations

import pytest

from tests.test_reader_pages import make_article
from wiredesk.desk.models import Article
from wiredesk.reader import cache
from wiredesk.taxonomy.models import Sector


@pytest.fixture
def uncached(settings):
    """The full-page cache off: every page is rendered, only fragments are shared."""
    settings.CACHE_SECONDS = 0


@pytest.fixture
def article(db) -> Article:
    return make_article("Cholera outbreak spreads in Accra")


def menu(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page.split('<nav class="menu"')[1].split("</nav>")[0]


def test_renamed_sector_shows_in_the_menu_at_once(client, uncached, article):
    """The desk renames a sector: the next page's menu has the new name."""
    assert "Health" in menu(client, "/")
    sector = Sector.objects.get(slug="health")
    sector.name = "Health and care"
    sector.save()
    assert "Health and care" in menu(client, article.get_absolute_url())


def test_a_purge_from_another_process_refreshes_the_menus(client, uncached, article):
    """A change saved in another process reaches this one through the generation
    only (no signal runs here): the menus are read again at the next page."""
    assert "Health" in menu(client, "/")
    Sector.objects.filter(slug="health").update(name="Public health")
    assert "Public health" not in menu(client, "/latest/")  # no purge yet
    cache._bump()  # what the other process's purge does to the shared generation
    assert "Public health" in menu(client, "/latest/")


def test_related_list_shows_a_newly_published_story(client, uncached, article):
    """A story published after an article page was shown is in its related list
    at the next request, and a withdrawn one leaves it."""
    url = article.get_absolute_url()
    assert b'class="related"' not in client.get(url).content
    other = make_article("Clinics in Kumasi report cholera cases", minutes_ago=5)
    page = client.get(url).content
    assert b'class="related"' in page and b"Clinics in Kumasi" in page
    other.status = Article.Status.UNPUBLISHED
    other.save()
    assert b"Clinics in Kumasi" not in client.get(url).content


def test_newsletter_box_is_on_every_page(client, uncached, article):
    """The shared newsletter box is the same full form on every page."""
    boxes = {
        client.get(url).content.split(b'class="newsletter"')[1].split(b"</section>")[0]
        for url in ("/", "/latest/", article.get_absolute_url())
    }
    assert len(boxes) == 1
    assert b'name="email"' in boxes.pop()


def label(client, article: Article) -> str:
    page = client.get(article.get_absolute_url()).content.decode()
    return page.split('<p class="label">')[1].split("</p>")[0]


def test_article_labels_follow_a_renamed_sector(client, uncached, article):
    """The article page's sector label (sectors are kept per process) shows a
    rename at the next request, in this process and after another's purge."""
    assert "Health" in label(client, article)
    sector = Sector.objects.get(slug="health")
    sector.name = "Health and care"
    sector.save()
    assert "Health and care" in label(client, article)
    Sector.objects.filter(slug="health").update(name="Public health")
    cache._bump()  # another process saved it: only the generation tells us
    assert "Public health" in label(client, article)
