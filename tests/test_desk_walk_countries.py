"""An article about several countries names them all (found by the desk
walk-through: the page showed only "Country: <primary>")."""

from __future__ import annotations

import pytest

from tests.test_reader_pages import make_article
from wiredesk.taxonomy.models import Country

pytestmark = pytest.mark.django_db


def name(code: str) -> str:
    return Country.objects.get(code=code).name


def test_the_other_countries_follow_the_primary_with_links(client):
    """The primary's line stays as it was; the others follow by name, each linked
    to its country page, which lists the story."""
    article = make_article("Leaders meet on border trade", country_id="US")
    article.countries.set(["US", "MX", "CA"])
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<p class="country">Country: <a href="/country/us/">{name("US")}</a></p>'
        in (page)
    )
    others = sorted([("ca", name("CA")), ("mx", name("MX"))], key=lambda c: c[1])
    links = ", ".join(f'<a href="/country/{c}/">{n}</a>' for c, n in others)
    assert f'<p class="countries">Also about: {links}</p>' in page
    assert name("US") not in page.split('class="countries"')[1].split("</p>")[0]
    listing = client.get("/country/mx/").content.decode()
    assert "Leaders meet on border trade" in listing


def test_a_story_about_one_country_has_no_other_line(client):
    article = make_article("Rains return to Accra", country_id="GH")
    article.countries.set(["GH"])
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Country: <a" in page and 'class="countries"' not in page


def test_a_story_with_no_primary_names_its_countries(client):
    article = make_article("A regional outlook", country_id=None)
    article.countries.set(["GH", "TG"])
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="country"' not in page
    assert '<p class="countries">About: <a href="/country/' in page
