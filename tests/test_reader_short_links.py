"""Article links cut short: "/news/<id>/" without the words of the address."""

from __future__ import annotations

from datetime import timedelta

from tests.test_distribution_links import make_article


def test_an_article_address_without_its_slug_redirects_to_the_page(client, db):
    """A link cut after the id (pasted, or typed from print) reached a 404."""
    article = make_article("Ghana signs water loan", published_ago=timedelta(hours=1))
    response = client.get(f"/news/{article.pk}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_an_unpublished_article_without_its_slug_stays_unknown(client, db):
    article = make_article("Draft only", published_ago=None)
    assert client.get(f"/news/{article.pk}/").status_code == 404
