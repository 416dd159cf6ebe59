"""The home curation's article list offers only what could be pinned there: live
articles not pinned on that home yet (found by the desk walk-through: pinned ones
were offered again, with drafts' and expired ones' places taken by nothing)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_reader_pages import make_article
from wiredesk.desk.models import HomePin

pytestmark = pytest.mark.django_db


def offered(client, edition: str = "") -> list[str]:
    """The headlines in the page's article dropdown."""
    page = client.get(reverse("desk:pins"), {"edition": edition}).content.decode()
    select = re.search(r'<select name="article".*?</select>', page, re.S)
    assert select, page
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group(0))


def test_only_live_unpinned_articles_are_offered(client, editor):
    pinned = make_article("Pinned story")
    make_article("Free story")
    make_article("Draft story", published=False)
    make_article("Expired story", expire_at=timezone.now() - timedelta(minutes=1))
    client.force_login(editor)
    url = reverse("desk:pins")
    client.post(url, {"op": "add", "article": pinned.pk, "edition": ""})
    assert offered(client) == ["Free story"]
    # Pinned on the main home only: the Africa home may still have it.
    assert sorted(offered(client, "africa")) == ["Free story", "Pinned story"]
    again = client.post(
        url, {"op": "add", "article": pinned.pk, "edition": ""}, follow=True
    )
    assert "not pinned there yet" in again.content.decode()
    assert HomePin.objects.filter(article=pinned, edition=None).count() == 1
