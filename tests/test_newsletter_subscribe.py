"""Newsletter sign-up: double opt-in, no address enumeration, rate limits, CSRF that
works on cached pages, one-click unsubscribe, preferences, export and erasure."""

from __future__ import annotations

import json
import re

import pytest
from django.template import Context, Template
from django.test import Client

from wiredesk.audience.models import Subscriber
from wiredesk.audience.newsletter import subscriptions

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://\S+")


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """Every test here starts with no rate limits counted."""


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on-commit work (the mail tasks) as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def reader() -> tuple[Client, str]:
    """A browser that fetched its token the way the box's script does."""
    client = Client(enforce_csrf_checks=True)
    token = client.get("/newsletter/token/").json()["token"]
    return client, token


def sign_up(client: Client, token: str, email: str, **extra) -> object:
    data = {"csrfmiddlewaretoken": token, "email": email, **extra}
    return client.post("/newsletter/", data)


def test_box_on_cached_pages_carries_no_token_of_anyone():
    """The box rendered into a cached page holds no CSRF token; its script asks
    for one of the reader's own at submit time."""
    html = Template("{% load audience %}{% newsletter_box %}").render(Context())
    assert 'action="/newsletter/"' in html
    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert 'data-token-url="/newsletter/token/"' in html
    assert 'name="editions"' in html and 'name="sectors"' in html


def test_token_endpoint_is_never_cached_and_sets_the_cookie():
    """The token answer is private to the reader and comes with its cookie."""
    response = Client().get("/newsletter/token/")
    assert "no-store" in response["Cache-Control"]
    assert response.cookies["csrftoken"].value
    assert response.json()["token"]


def test_double_opt_in(smtp, commit, settings):
    """Sign-up mails a confirmation link; the address is active only after the
    reader confirms (by a button, not the bare link a scanner may open)."""
    client, token = reader()
    with commit():
        response = sign_up(client, token, "Ana@Example.org", editions=["africa"])
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/check-inbox/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("ana@example.org", "pending")
    [mail] = smtp.messages
    assert mail["To"] == "ana@example.org"
    link = next(u for u in LINK.findall(mail.get_content()) if "/confirm/" in u)
    path = link.removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    page = client.get(path)
    form_token = re.search(r'csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    done = client.post(path, {"csrfmiddlewaretoken": form_token})
    assert "You are subscribed" in done.text
    assert done["Content-Type"].startswith("text/html")  # a page, not raw text
    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert list(subscriber.editions.values_list("slug", flat=True)) == ["africa"]


def test_without_a_valid_token_the_form_comes_back_filled_in(smtp, commit):
    """A post from a cached box without a token acts on nothing and shows the
    form again, filled in, with the reader's own token; sending that works."""
    client = Client(enforce_csrf_checks=True)
    with commit():
        first = client.post("/newsletter/", {"email": "bo@example.org"})
    assert first.status_code == 200
    assert "press Subscribe once more" in first.text
    assert 'value="bo@example.org"' in first.text
    assert not Subscriber.objects.exists() and smtp.messages == []
    token = re.search(r'csrfmiddlewaretoken" value="([^"]+)"', first.text)[1]
    with commit():
        second = sign_up(client, token, "bo@example.org")
    assert second.status_code == 302
    assert Subscriber.objects.get().email == "bo@example.org"


def test_same_answer_whatever_the_address_state(smtp, commit):
    """New, pending, active and bounced addresses all get the same answer; only
    the owner's mailbox sees a difference."""
    Subscriber.objects.create(email="active@example.org", status="active")
    Subscriber.objects.create(email="pending@example.org", status="pending")
    Subscriber.objects.create(email="bounced@example.org", status="bounced")
    answers = []
    for email in ("new", "pending", "active", "bounced"):
        client, token = reader()
        with commit():
            response = sign_up(client, token, f"{email}@example.org")
        answers.append((response.status_code, response["Location"]))
        follow = client.get(response["Location"])
        answers.append((follow.status_code, follow.text))
    assert answers[0::2] == [answers[0]] * 4
    assert len({text for _, text in answers[1::2]}) == 1
    subjects = {m["To"]: m["Subject"] for m in smtp.messages}
    assert subjects["new@example.org"].startswith("Confirm")
    assert subjects["pending@example.org"].startswith("Confirm")
    assert subjects["active@example.org"].startswith("You are already subscribed")
    assert "bounced@example.org" not in subjects
    assert Subscriber.objects.get(email="active@example.org").status == "active"


def test_rate_limits_per_address_and_per_client(smtp, commit):
    """An address gets at most three mails a day however often it is entered,
    and one client may sign up ten times an hour."""
    client, token = reader()
    for _ in range(5):
        with commit():
            assert sign_up(client, token, "flood@example.org").status_code == 302
    assert len(smtp.messages) == 3
    for n in range(5):
        sign_up(client, token, f"other{n}@example.org")
    limited = sign_up(client, token, "late@example.org")
    assert limited.status_code == 429
    assert not Subscriber.objects.filter(email="late@example.org").exists()


def test_expired_or_forged_confirmation_links_do_nothing(monkeypatch):
    """A link past its lifetime, or not made by the site, activates nothing."""
    subscriber = Subscriber.objects.create(email="late@example.org")
    token = subscriptions.confirm_token(subscriber)
    assert subscriptions.confirm(token + "x") is None
    monkeypatch.setattr(subscriptions, "CONFIRM_MAX_AGE", -1)
    assert subscriptions.confirm(token) is None
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"


def test_one_click_unsubscribe_is_idempotent_and_needs_no_token():
    """RFC 8058: a POST of List-Unsubscribe=One-Click, without cookie or CSRF
    token, unsubscribes; repeating it is harmless; a GET only asks."""
    subscriber = Subscriber.objects.create(email="cy@example.org", status="active")
    url = f"/newsletter/unsubscribe/{subscriber.token}/"
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    body = "List-Unsubscribe=One-Click"
    for _ in range(2):
        response = client.post(
            url, body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    assert client.post("/newsletter/unsubscribe/nope/").status_code == 404


def test_preferences_export_and_erasure():
    """From the mail's link a subscriber changes interests, downloads their data
    as JSON and erases it all."""
    subscriber = Subscriber.objects.create(email="di@example.org", status="active")
    client = Client(enforce_csrf_checks=True)
    url = f"/newsletter/preferences/{subscriber.token}/"
    page = client.get(url)
    assert "di@example.org" in page.text
    token = re.search(r'csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    client.post(
        url,
        {
            "csrfmiddlewaretoken": token,
            "action": "save",
            "editions": ["europe", "africa"],
            "sectors": [],
        },
    )
    exported = client.get(f"{url}export.json")
    data = json.loads(exported.content)
    assert data["email"] == "di@example.org"
    assert data["editions"] == ["africa", "europe"]
    assert "attachment" in exported["Content-Disposition"]
    assert client.post(f"{url}erase/").status_code == 403  # CSRF still guards it
    erased = client.post(f"{url}erase/", {"csrfmiddlewaretoken": token})
    assert "erased" in erased.text
    assert not Subscriber.objects.exists()
