"""The demo tells one story about its newsletter: the daily digest it sends."""

from __future__ import annotations

import pytest

from wiredesk.demo import editorial
from wiredesk.desk.models import Article, Brief


@pytest.mark.django_db
def test_the_newsletter_brief_says_daily_as_the_sign_up_box_does(client):
    """The seeded brief about the newsletter agrees with the sign-up box ('once a
    day') and with what the demo sends (a digest every morning); a brief seeded
    by an older demo with the weekly text is updated, not kept beside it."""
    Brief.objects.create(
        text="The desk's weekly newsletter now arrives on Fridays. Sign up at the "
        "foot of any page.",
        status=Article.Status.PUBLISHED,
    )
    editorial.seed()
    texts = list(Brief.objects.values_list("text", flat=True))
    assert not [t for t in texts if "weekly" in t or "Fridays" in t]
    newsletter = [t for t in texts if "newsletter" in t]
    assert newsletter == [
        "The desk's newsletter now arrives every morning with the day's top "
        "stories. Sign up at the foot of any page."
    ]
    home = client.get("/").content.decode()
    assert "every morning" in home and "once a day" in home
    assert "weekly" not in home
