"""Figures in an article's address: a thousands separator goes whatever the copy
writes it with, a decimal point stays a break between figures."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.test_distribution_links import make_article
from wiredesk.desk.models import Article, slug_of


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Streik: 1.000 Flüge gestrichen", "streik-1000-flüge-gestrichen"),
        (
            "Hochwasser: 12.500 Menschen evakuiert",
            "hochwasser-12500-menschen-evakuiert",
        ),
        ("Haushalt von 1.234.567 Euro", "haushalt-von-1234567-euro"),
        ("Preis steigt auf 1.234,5 Euro", "preis-steigt-auf-1234-5-euro"),
        ("1.000 homes flooded.", "1000-homes-flooded"),
        ("Floods cut off 1,000 homes", "floods-cut-off-1000-homes"),
        ("Inflation eases to 2.5% in May", "inflation-eases-to-2-5-in-may"),
        ("Bank sells $1.125 billion of bonds", "bank-sells-1-125-billion-of-bonds"),
        ("Rate cut to 2.375%", "rate-cut-to-2-375"),
        (
            "Treasury sells notes at a 4.250% coupon",
            "treasury-sells-notes-at-a-4-250-coupon",
        ),
        ("Yields rise to 3.750 per cent", "yields-rise-to-3-750-per-cent"),
        ("Talks set for 10.30 on 12.10.2026", "talks-set-for-10-30-on-12-10-2026"),
    ],
)
def test_a_thousands_separator_goes_and_a_decimal_point_stays(headline, slug):
    """ "1.000" is a thousand in European copy: the address says "1000", as it
    does for "1,000", not "1-000" (one, and nothing). A decimal stays apart
    ("2-5"), also with three places not ending in 0 ("1.125", as English copy
    writes a rate or an amount); times and dates keep their parts."""
    assert slug_of(headline, 100) == slug


@pytest.mark.django_db
def test_an_article_published_at_a_dashed_thousand_keeps_its_address(client):
    """Published as "...-1-000-..." before this rule, an article saved again with
    the same headline keeps that address (links shared stay good); a new headline
    gets the new rule's slug, and the old address redirects to it."""
    headline = "Streik: 1.000 Flüge gestrichen"
    article = make_article(headline, published_ago=timedelta(hours=1))
    assert article.slug == "streik-1000-flüge-gestrichen"
    Article.objects.filter(pk=article.pk).update(slug="streik-1-000-flüge-gestrichen")
    article = Article.objects.get(pk=article.pk)
    old = article.get_absolute_url()
    article.correction_note = "An earlier version gave the wrong airport."
    article.save()
    assert Article.objects.get(pk=article.pk).slug == "streik-1-000-flüge-gestrichen"
    assert client.get(old).status_code == 200

    article.headline = "Streik: 2.000 Flüge gestrichen"
    article.save()
    assert article.slug == "streik-2000-flüge-gestrichen"
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
