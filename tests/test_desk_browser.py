"""An editor at work in a real Chromium (Debian's, never downloaded): sign in, edit
a draft, publish it and read it on the public site; a second editor's save of the
same article then meets the conflict page."""

from __future__ import annotations

import pytest

from tests.conftest import CHROMIUM
from tests.test_desk_fixtures import PASSWORD, make_user
from wiredesk.desk import roles
from wiredesk.desk.models import Article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed"),
]


def sign_in(browser, base: str, username: str):
    page = browser.new_context().new_page()
    page.goto(f"{base}/desk/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Dashboard").wait_for()
    return page


def test_editor_edits_publishes_and_a_second_editor_conflicts(
    browser, live_server, django_user_model
):
    roles.ensure_roles()
    make_user(django_user_model, "eddie", "editor")
    make_user(django_user_model, "erin", "editor")
    draft = Article.objects.create(
        headline="Floods clse schools in northern Ghana",
        standfirst="Heavy rain shut 140 schools.",
        body_html="<p>Floods closed 140 schools on Thursday.</p>",
        dateline="Tamale",
        agencies=["Meridian Press Agency"],
    )
    base = live_server.url

    eddie = sign_in(browser, base, "eddie")
    eddie.get_by_role("link", name="Queue", exact=True).first.click()
    eddie.get_by_role("link", name=draft.headline).click()
    eddie.get_by_label("Headline").fill("Floods close schools in northern Ghana")
    eddie.get_by_role("button", name="Save", exact=True).click()
    assert eddie.get_by_role("status").inner_text() == "Saved."
    eddie.get_by_role("button", name="Publish now").click()
    assert "Publish now: done." in eddie.get_by_role("status").inner_text()
    eddie.get_by_role("link", name="Live page").click()
    assert eddie.locator("h1").inner_text() == "Floods close schools in northern Ghana"
    assert Article.objects.published().filter(pk=draft.pk).exists()

    # Both editors open the published article; Eddie saves first.
    edit_url = f"{base}/desk/articles/{draft.pk}/"
    erin = sign_in(browser, base, "erin")
    erin.goto(edit_url)
    eddie.goto(edit_url)
    eddie.get_by_label("Standfirst").fill("Heavy rain shut 140 schools in the north.")
    eddie.get_by_role("button", name="Save", exact=True).click()
    assert eddie.get_by_role("status").inner_text() == "Saved."

    erin.get_by_label("Standfirst").fill("Rain shut 140 schools; 12,000 pupils idle.")
    erin.get_by_role("button", name="Save", exact=True).click()
    erin.get_by_role("heading", name="Someone else saved this article first").wait_for()
    theirs = erin.get_by_role("region", name="Their version (saved)")
    assert "Heavy rain shut 140 schools in the north." in theirs.inner_text()
    assert "12,000 pupils idle" in erin.locator("dl.diff").inner_text()
    saved = Article.objects.get(pk=draft.pk)
    assert saved.standfirst == "Heavy rain shut 140 schools in the north."

    # Erin keeps her version deliberately: it replaces Eddie's, nothing silent.
    erin.get_by_role("button", name="Save my version over theirs").click()
    assert erin.get_by_role("status").inner_text() == "Saved."
    saved = Article.objects.get(pk=draft.pk)
    assert saved.standfirst == "Rain shut 140 schools; 12,000 pupils idle."
    assert saved.revisions.count() == 3
