"""Weak points the last review listed: slugs that lose a decimal point, opinion and
blog pieces typed as news in their structured data, Thai copy's standfirst, the
admin's CRLF saves, and an agency update whose news the standfirst left out."""

from __future__ import annotations

from datetime import timedelta

import extruct
import pytest

from tests import test_distribution_links as shared
from tests.test_distribution_links import SITE_URL, make_article
from tests.test_distribution_meta import head_of, meta_tags
from wiredesk.desk.models import Article

newsroom = shared.newsroom  # the fixture

pytestmark = pytest.mark.django_db


# --- JSON-LD type of each kind of piece ------------------------------------------


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Article.Kind.NEWS, "NewsArticle"),
        (Article.Kind.OPINION, "OpinionNewsArticle"),
        (Article.Kind.BLOG, "BlogPosting"),
        (Article.Kind.INTERVIEW, "NewsArticle"),
    ],
)
def test_structured_data_says_what_kind_of_piece_it_is(newsroom, kind, schema_type):
    """A search engine reads an opinion column as an OpinionNewsArticle and a blog
    post as a BlogPosting, not as reporting; an interview, for which schema.org
    has no type, stays a NewsArticle. Shared links say "article" for all."""
    piece = make_article(
        "Why rural clinics need steady power",
        published_ago=timedelta(hours=1),
        kind=kind,
        author=newsroom.opinion.author,
    )
    html = head_of(piece)
    found = extruct.extract(html, base_url=SITE_URL, syntaxes=["json-ld"])["json-ld"]
    assert [d["@type"] for d in found] == [schema_type]
    assert found[0]["headline"] == piece.headline
    assert meta_tags(html)["og:type"] == "article"
