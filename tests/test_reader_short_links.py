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


def test_a_chain_of_merges_leads_to_the_article_that_tells_the_story_now(client, db):
    """An article merged into one that was merged in turn redirects to the last;
    a loop of merges (bad data) is not followed round but answers 404."""
    first, second = (make_article(h, published_ago=None) for h in ("First", "Second"))
    kept = make_article("Kept", published_ago=timedelta(hours=1))
    first.merged_into, second.merged_into = second, kept
    first.save()
    second.save()
    response = client.get(f"/news/{first.pk}/")
    assert response.status_code == 301
    assert response["Location"] == kept.get_absolute_url()
    second.merged_into = first
    second.save()
    assert client.get(f"/news/{first.pk}/").status_code == 404
