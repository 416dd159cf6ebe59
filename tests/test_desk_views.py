"""The desk pages in a browser-like client: sign-in, queue, edit, conflict, pins."""

from __future__ import annotations

import secrets

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_desk_fixtures import *  # noqa: F403
from tests.test_desk_fixtures import PASSWORD
from wiredesk.desk.models import Article, AuditLog, Brief, HomePin
from wiredesk.desk.ratelimit import MAX_FAILURES
from wiredesk.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def edit_data(article: Article, **changes) -> dict:
    data = {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body_html": article.body_html,
        "dateline": article.dateline,
        "lock_version": article.lock_version,
    }
    return data | changes


def test_every_desk_page_loads_for_an_editor(client, editor, article):
    """The desk home links every page, and each renders."""
    signed_in(client, editor)
    home = client.get(reverse("desk:home")).content.decode()
    names = ["queue", "pieces", "write", "briefs", "authors", "pins", "audit"]
    for name in names:
        assert reverse(f"desk:{name}") in home
        assert client.get(reverse(f"desk:{name}")).status_code == 200
    for name in ["edit", "revisions"]:
        assert client.get(reverse(f"desk:{name}", args=[article.pk])).status_code == 200
    assert '<svg class="chart"' in home and "<title" in home


def test_anonymous_visitors_are_sent_to_sign_in(client):
    """The desk is for signed-in staff only."""
    response = client.get(reverse("desk:queue"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("desk:login"))


def test_sign_in_is_rate_limited_per_address_and_username(client, editor):
    """After five wrong passwords even the right one is refused, with a message
    that says why; another username from the same address is not affected."""
    url = reverse("desk:login")
    for _ in range(MAX_FAILURES):
        client.post(url, {"username": "eddie", "password": "wrong"})
    page = client.post(url, {"username": "eddie", "password": PASSWORD})
    assert page.status_code == 200
    assert "Too many failed sign-ins" in page.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post(url, {"username": "nobody", "password": "x"})
    assert "Too many" not in other.content.decode()


def test_sign_in_limit_is_per_client_behind_the_proxy_and_ignores_forged_hops(
    client, editor
):
    """Behind the local nginx (a loopback peer) each X-Forwarded-For client has
    its own limit: one locking 'eddie' out leaves another free to sign in. A
    client that connects directly cannot dodge its limit with a forged hop."""
    url = reverse("desk:login")
    tail = secrets.randbelow(200) + 1  # fresh addresses: Redis outlives a run
    wrong = {"username": "eddie", "password": "wrong"}
    right = {"username": "eddie", "password": PASSWORD}
    proxied = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(MAX_FAILURES):
        client.post(url, wrong, **proxied, HTTP_X_FORWARDED_FOR=f"203.0.113.{tail}")
    locked = client.post(
        url, right, **proxied, HTTP_X_FORWARDED_FOR=f"203.0.113.{tail}"
    )
    assert "Too many failed sign-ins" in locked.content.decode()
    other = Client().post(
        url, right, **proxied, HTTP_X_FORWARDED_FOR=f"198.51.100.{tail}"
    )
    assert other.status_code == 302 and other.url == reverse("desk:home")

    direct = {"REMOTE_ADDR": f"192.0.2.{tail}"}
    for n in range(MAX_FAILURES):
        Client().post(url, wrong, **direct, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    forged = Client().post(
        url, right, **direct, HTTP_X_FORWARDED_FOR=f"198.18.0.{tail}"
    )
    assert "Too many failed sign-ins" in forged.content.decode()


def test_sign_in_works_and_session_expires_after_session_hours(
    client, editor, settings
):
    """A correct sign-in lands on the desk; the session cookie ends in SESSION_HOURS."""
    response = client.post(
        reverse("desk:login"), {"username": "eddie", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("desk:home")
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_HOURS * 3600
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_passwords_are_hashed_with_argon2_outside_tests():
    """The project settings put argon2 first (the tests use MD5 for speed)."""
    from wiredesk import settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_writer_cannot_publish_through_the_desk(client, writer):
    """A writer's piece can be submitted; the publish button is absent and a
    forged publish request is refused."""
    signed_in(client, writer)
    piece = Article.objects.create(
        kind=Article.Kind.OPINION, headline="Why rain gauges matter", body_html="x"
    )
    page = client.get(reverse("desk:edit", args=[piece.pk])).content.decode()
    assert "Submit for review" in page and "Publish now" not in page
    forged = client.post(reverse("desk:action", args=[piece.pk]), {"action": "publish"})
    assert forged.status_code == 403
    client.post(reverse("desk:action", args=[piece.pk]), {"action": "submit"})
    assert Article.objects.get(pk=piece.pk).status == Article.Status.IN_REVIEW


def test_edit_sanitises_the_body_and_logs_the_save(client, editor, article):
    """Script tags are stripped from the body; the save is a revision and an audit
    entry."""
    signed_in(client, editor)
    body = '<p>Planting has begun.</p><script>alert("x")</script>'
    response = client.post(
        reverse("desk:edit", args=[article.pk]), edit_data(article, body_html=body)
    )
    assert response.status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert saved.body_html == "<p>Planting has begun.</p>"
    assert saved.revisions.count() == 1
    assert AuditLog.objects.filter(action="edit", username="eddie").exists()


def test_second_editor_sees_a_conflict_page_with_both_versions(
    client, editor, second_editor, article
):
    """Both open version 0; the second save shows both headlines and saves nothing."""
    opened = edit_data(article)
    signed_in(client, editor)
    client.post(
        reverse("desk:edit", args=[article.pk]),
        opened | {"headline": "Rain returns to the Sahel"},
    )
    signed_in(client, second_editor)
    page = client.post(
        reverse("desk:edit", args=[article.pk]),
        opened | {"headline": "Sahel rains are back"},
    )
    assert page.status_code == 409
    html = page.content.decode()
    assert "Someone else saved this article first" in html
    assert "Rain returns to the Sahel" in html and "Sahel rains are back" in html
    assert Article.objects.get(pk=article.pk).headline == "Rain returns to the Sahel"
    # Saving again from the conflict page (it carries the new version) wins.
    again = client.post(
        reverse("desk:edit", args=[article.pk]),
        edit_data(Article.objects.get(pk=article.pk), headline="Sahel rains are back"),
    )
    assert again.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Sahel rains are back"


def test_queue_filters_by_sector_and_state(client, editor):
    """The queue shows waiting articles; filters narrow it; published ones leave."""
    signed_in(client, editor)
    health = Sector.objects.get(pk="health")
    a = Article.objects.create(headline="Clinic opens in Tamale", sector=health)
    b = Article.objects.create(headline="Port reopens in Beira")
    Article.objects.create(headline="Old news", status=Article.Status.PUBLISHED)
    page = client.get(reverse("desk:queue")).content.decode()
    assert a.headline in page and b.headline in page and "Old news" not in page
    page = client.get(reverse("desk:queue"), {"sector": "health"}).content.decode()
    assert a.headline in page and b.headline not in page
    page = client.get(reverse("desk:queue"), {"state": "published"}).content.decode()
    assert "Old news" in page and a.headline not in page


def test_flagged_articles_lead_the_queue(client, editor):
    """A killed story's article is listed first, whatever its age."""
    signed_in(client, editor)
    Article.objects.create(headline="Fresh draft")
    Article.objects.create(
        headline="Killed story",
        status=Article.Status.PUBLISHED,
        attention=3,
        attention_reason="Meridian killed its item, the story's only source",
    )
    page = client.get(reverse("desk:queue")).content.decode()
    assert page.index("Killed story") < page.index("Fresh draft")


def test_writer_writes_an_opinion_and_a_brief(client, writer):
    """Writers create pieces with an author and briefs; both wait as drafts."""
    from wiredesk.desk.models import Author

    signed_in(client, writer)
    author = Author.objects.create(name="Ama Mensah", role="Columnist")
    response = client.post(
        reverse("desk:write"),
        {
            "kind": "opinion",
            "author": author.pk,
            "headline": "Water is a budget line, not a miracle",
            "body_html": "<p>Budgets decide.</p>",
        },
    )
    assert response.status_code == 302
    piece = Article.objects.get(kind="opinion")
    assert piece.author == author and piece.status == Article.Status.DRAFT
    client.post(
        reverse("desk:brief-new"),
        {"text": "The rains are late. Farmers wait."},
    )
    assert Brief.objects.get().status == Article.Status.DRAFT
    refused = client.post(
        reverse("desk:brief-action", args=[Brief.objects.get().pk]),
        {"action": "publish"},
    )
    assert refused.status_code == 403


def test_brief_of_four_sentences_is_refused(client, writer):
    """A brief is one to three sentences; the error says how many it has."""
    signed_in(client, writer)
    page = client.post(
        reverse("desk:brief-new"), {"text": "One. Two. Three. Four."}
    ).content.decode()
    assert "this has 4" in page and not Brief.objects.exists()


def test_editor_pins_and_orders_top_stories(client, editor):
    """Pins go to the end; moving one up swaps the order; each step is logged."""
    signed_in(client, editor)
    first, second = (
        Article.objects.create(headline=h, status="published", live=True)
        for h in ("First story", "Second story")
    )
    url = reverse("desk:pins")
    for a in (first, second):
        client.post(url, {"op": "add", "article": a.pk, "edition": ""})
    pin = HomePin.objects.get(article=second, edition=None)
    client.post(url, {"op": "up", "pin": pin.pk, "edition": ""})
    order = list(
        HomePin.objects.filter(edition=None).values_list("article__headline", flat=True)
    )
    assert order == ["Second story", "First story"]
    client.post(url, {"op": "add", "article": first.pk, "edition": "africa"})
    assert HomePin.objects.filter(edition="africa").count() == 1
    assert AuditLog.objects.filter(action="pin").count() == 3
    assert AuditLog.objects.filter(action="reorder").exists()


def test_writer_cannot_change_what_readers_see(client, writer):
    """A writer's save or restore of a published (or scheduled) piece, or an edit of
    a published brief, is refused and changes nothing; drafts stay editable."""
    signed_in(client, writer)
    piece = Article.objects.create(
        kind=Article.Kind.BLOG,
        headline="Notes from the field",
        body_html="<p>As published.</p>",
        status=Article.Status.PUBLISHED,
        live=True,
    )
    refused = client.post(
        reverse("desk:edit", args=[piece.pk]),
        edit_data(piece, body_html="<p>Changed without review.</p>"),
    )
    assert refused.status_code == 403
    assert Article.objects.get(pk=piece.pk).body_html == "<p>As published.</p>"
    restore = client.post(
        reverse("desk:restore", args=[piece.pk, 1]), {"lock_version": 0}
    )
    assert restore.status_code == 403
    brief = Brief.objects.create(text="Out already.", status="published")
    edited = client.post(
        reverse("desk:brief-edit", args=[brief.pk]), {"text": "Changed."}
    )
    assert edited.status_code == 403 and Brief.objects.get().text == "Out already."
    draft = Article.objects.create(kind=Article.Kind.BLOG, headline="Draft notes")
    saved = client.post(
        reverse("desk:edit", args=[draft.pk]),
        edit_data(draft, body_html="<p>Still mine.</p>"),
    )
    assert saved.status_code == 302


@pytest.mark.parametrize(
    "url_name, data",
    [
        ("desk:edit", {"lock_version": "x"}),
        ("desk:apply-update", {"lock_version": ""}),
        ("desk:pins", {"op": "up", "pin": "zz", "edition": ""}),
    ],
)
def test_malformed_form_values_never_crash_the_desk(
    client, editor, article, url_name, data
):
    """Garbage in a hidden field gives a page or a message, never a server error."""
    signed_in(client, editor)
    args = [] if url_name == "desk:pins" else [article.pk]
    if url_name == "desk:edit":
        data = edit_data(article) | data
    response = client.post(reverse(url_name, args=args), data)
    assert response.status_code < 500
    audit = client.get(reverse("desk:audit"), {"id": "²"})
    assert audit.status_code == 200


def test_conflict_page_asks_for_an_uploaded_image_again(
    client, editor, second_editor, article
):
    """A lead image chosen by the editor who lost the race cannot travel with the
    conflict form: the page names the file to attach again."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    opened = edit_data(article)
    signed_in(client, editor)
    client.post(
        reverse("desk:edit", args=[article.pk]),
        opened | {"headline": "Rain returns to the Sahel"},
    )
    signed_in(client, second_editor)
    image = SimpleUploadedFile("sahel-rain.png", b"\x89PNG\r\n\x1a\nimage")
    page = client.post(
        reverse("desk:edit", args=[article.pk]),
        opened | {"headline": "Sahel rains are back", "lead_image": image},
    )
    assert page.status_code == 409
    assert "Attach your file again before saving" in page.content.decode()
    assert "sahel-rain.png" in page.content.decode()
    assert not Article.objects.get(pk=article.pk).lead_image
