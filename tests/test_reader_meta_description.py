"""The article page's meta description: what a search result shows under the link."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from tests.test_distribution_links import make_article

LONG = (
    "Ghana on Friday signed a $240 million loan with the World Bank to extend piped "
    "water to 1.3 million people in twelve districts of the Ashanti and Northern "
    "regions, the finance ministry said, adding that work on the first treatment "
    "plants would begin early next year and last four years."
)


def description(client, article) -> str:
    page = client.get(article.get_absolute_url()).content.decode()
    found = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert found, "no meta description"
    return html.unescape(found.group(1))


def test_a_long_standfirst_is_cut_between_words_to_what_a_search_result_shows(
    client, db
):
    """Search engines show about 160 characters: a 50-word cut (330 characters)
    was cut again by them mid-word; the description now fits, ending on a whole
    word and an ellipsis."""
    article = make_article(
        "Ghana signs water loan", published_ago=timedelta(hours=1), standfirst=LONG
    )
    shown = description(client, article)
    assert len(shown) <= 160 and shown.endswith("…")
    assert LONG.startswith(shown[:-1].rstrip())
    assert LONG[len(shown[:-1].rstrip())] == " "  # ended on a whole word


def test_a_short_standfirst_is_the_description_as_it_is(client, db):
    article = make_article(
        "Ghana signs water loan",
        published_ago=timedelta(hours=1),
        standfirst="Ghana signed a $240 million water loan.",
    )
    assert description(client, article) == "Ghana signed a $240 million water loan."
