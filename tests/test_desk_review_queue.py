"""The queue and the edit page in an editor's words: names, not slugs; "any" for
every empty filter; no "0 items" or "version 0"; an agency's first revision says
it was drafted from agency copy."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.test_desk_crlf import agency_article  # noqa: F401 (a fixture)
from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_overrides import wire  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def row_of(page: str, headline: str) -> str:
    start = page.index(headline)
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_an_in_house_draft_shows_no_agency_items(client, editor, article):
    client.force_login(editor)
    page = client.get(reverse("desk:queue")).content.decode()
    row = cells(row_of(page, article.headline))
    assert row[3] == "in house" and row[4] == "—"
    assert "0 items" not in page


def test_an_agency_article_shows_its_items_and_proposed_names(
    client,
    editor,
    agency_article,  # noqa: F811
):
    """'Drafting proposed' names the sector, country and edition as readers see
    them, where it showed their slugs and codes."""
    draft = agency_article.story.draft
    client.force_login(editor)
    page = client.get(reverse("desk:queue") + "?state=published").content.decode()
    row = cells(row_of(page, agency_article.headline))
    assert row[4].startswith("1 item")
    proposed = row[6]
    assert proposed.startswith(
        f"{draft.sector.name} · {draft.country.name} · {draft.edition.name}"
    )
    assert draft.country.name != draft.country_id


def test_every_empty_filter_says_any(client, editor):
    client.force_login(editor)
    page = client.get(reverse("desk:queue")).content.decode()
    assert "---------" not in page
    for name in ("source", "sector", "country", "edition", "urgency"):
        select = re.search(
            rf'<select name="{name}"[^>]*>\s*<option value="" selected>([^<]*)<', page
        )
        assert select and select.group(1) == "any", name


def test_a_new_piece_shows_no_version_0(client, editor, article):
    client.force_login(editor)
    page = client.get(reverse("desk:edit", args=[article.pk])).content.decode()
    status = page[
        page.index('<p class="status">') : page.index(
            "</p>", page.index('<p class="status">')
        )
    ]
    assert "version" not in status


def test_an_agency_articles_first_revision_says_drafted_from_agency_copy(
    client,
    editor,
    agency_article,  # noqa: F811
):
    client.force_login(editor)
    url = reverse("desk:revisions", args=[agency_article.pk])
    page = client.get(url).content.decode()
    assert "Revision 1" in page and "drafted from agency copy" in page
    assert "by agency update" not in page and "agency version" not in page
