"""The article page's query is compiled once per thread (wiredesk.compiled):
each request must still see the article as it is at that moment."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.test_reader_pages import make_article
from wiredesk.desk.models import Article, Author
from wiredesk.reader.rows import published_teasers


def test_article_page_follows_the_row_and_the_clock(client, db, settings):
    """Once the query has been compiled, a later request still hides an article
    that has expired since, or been unpublished behind the page's back (no
    signal, no purge), and shows it again when it is back."""
    settings.CACHE_SECONDS = 0
    article = make_article(
        "Flood barriers hold", expire_at=timezone.now() + timedelta(hours=1)
    )
    url = article.get_absolute_url()
    assert b"Flood barriers hold" in client.get(url).content
    rows = Article.objects.filter(pk=article.pk)
    rows.update(expire_at=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 410  # published once: gone
    rows.update(expire_at=None)
    assert client.get(url).status_code == 200
    rows.update(status=Article.Status.UNPUBLISHED)
    assert client.get(url).status_code == 410
    rows.update(status=Article.Status.PUBLISHED, live=False)
    assert client.get(url).status_code == 410
    assert client.get(f"/news/{article.pk + 1000}/{article.slug}/").status_code == 404


def test_article_page_shows_every_field_and_the_author(client, db, settings):
    """The row read with the compiled SQL is complete: author box, correction,
    dates and labels, and an old slug still redirects."""
    settings.CACHE_SECONDS = 0
    writer = Author.objects.create(name="Ama Mensah", role="Columnist", bio="Writes.")
    article = make_article(
        "Why the clinics need nurses",
        kind="opinion",
        author=writer,
        correction_note="An earlier version misnamed the district.",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="author-box"' in page and "Ama Mensah" in page
    assert "Columnist" in page and "misnamed the district" in page
    assert 'href="/opinion/"' in page and 'href="/sector/health/"' in page
    assert article.updated_at.isoformat() in page
    old = client.get(f"/news/{article.pk}/old-slug/")
    assert old.status_code == 301 and old["Location"] == article.get_absolute_url()


def test_an_id_beyond_any_database_integer_is_not_found(client, db, settings):
    """A URL may carry any digits; ids no database can hold are a 404, not an error."""
    settings.CACHE_SECONDS = 0
    for pk in (2**63, 2**64, 10**30):
        assert client.get(f"/news/{pk}/x/").status_code == 404


def test_teasers_by_id_show_only_what_readers_may_see(db):
    """Teasers fetched by id with the compiled SQL: every list length (plans are
    kept per power of two, shorter lists repeat an id), each published article once
    with its labels and author, never a draft or an expired one, the body left
    unread; past the longest plan the ORM answers the same."""
    writer = Author.objects.create(name="Kofi Boateng")
    shown = [
        make_article(f"Harvest report {i}", author=writer if i % 2 else None)
        for i in range(7)
    ]
    draft = make_article("Unfinished draft", published=False)
    expired = make_article(
        "Old notice", expire_at=timezone.now() - timedelta(minutes=1)
    )
    for count in range(1, 8):
        wanted = [a.pk for a in shown[:count]]
        found = published_teasers.in_bulk([*wanted, draft.pk, expired.pk, wanted[0]])
        assert sorted(found) == sorted(wanted)
        for article in shown[:count]:
            teaser = found[article.pk]
            assert teaser.headline == article.headline
            assert teaser.sector.slug == "health"
            assert (teaser.author and teaser.author.name) == (
                article.author and "Kofi Boateng"
            )
            assert "body_html" in teaser.get_deferred_fields()
    # The compiled SQL answered, not the ORM's fallback: a plan per size tried.
    plans = published_teasers.local.plans
    assert {size for _, size in plans} >= {4, 8, 16}
    assert all(plan is not None for plan in plans.values())
    many = [a.pk for a in shown] + list(range(10**6, 10**6 + 200))
    assert sorted(published_teasers.in_bulk(many)) == sorted(a.pk for a in shown)
    assert published_teasers.in_bulk([]) == {}
    assert published_teasers.in_bulk([2**64]) == {}
