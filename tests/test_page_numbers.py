"""A paginated public list asked for a page it does not have says so (404), as
Django's ListView does, instead of quietly showing another page with status 200:
a stale ``?page=9`` must not be indexed as a copy of page 1."""

from __future__ import annotations

import pytest

from tests.test_reader_pages import make_article
from wiredesk.desk.models import Brief

pytestmark = pytest.mark.django_db

LISTS = [
    "/latest/",
    "/sector/health/",
    "/country/gh/",
    "/opinion/",
    "/briefs/",
    "/search/?q=outbreak",
    "/search/?sector=health",
]


@pytest.fixture
def site(settings):
    """Twenty-five articles (two pages) about health in Ghana, three opinion
    pieces and three briefs (one page each)."""
    settings.CACHE_SECONDS = 0
    for i in range(25):
        make_article(f"Outbreak story {i:02d}", minutes_ago=i)
    for i in range(3):
        make_article(f"Opinion {i}", kind="opinion", minutes_ago=30 + i)
    for i in range(3):
        Brief.objects.create(text=f"Brief number {i}.", status="published")


def with_page(url: str, page: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}page={page}"


@pytest.mark.parametrize("url", LISTS)
def test_the_pages_a_list_has_are_shown(client, site, url):
    """Page 1 of every list, asked as ?page=1 or an empty ?page=, is found."""
    assert client.get(url).status_code == 200
    assert client.get(with_page(url, "1")).status_code == 200
    assert client.get(with_page(url, "")).status_code == 200


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["9", "0", "-1", "51", "abc", "2.5"])
def test_a_page_the_list_does_not_have_is_not_found(client, site, url, page):
    """Past the last page, below the first, or not a page number at all: 404."""
    response = client.get(with_page(url, page))
    assert response.status_code == 404, (url, page)


def test_the_second_page_of_a_two_page_list_is_found(client, site):
    """The 404 is for pages past the end only: page 2 of 28 articles lists the
    oldest ones."""
    page = client.get("/latest/?page=2").content.decode()
    assert "Outbreak story 24" in page and "Outbreak story 00" not in page
    page = client.get("/search/?q=outbreak&page=2")
    assert page.status_code == 200
