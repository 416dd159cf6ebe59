"""Drafting backends: the default needs no network; the 'openai' backend rewrites the
headline and standfirst through a real OpenAI-compatible server on loopback, and any
failure (error, timeout, bad JSON, a fact not in the source) keeps the default draft
with the reason recorded on the Draft."""

from __future__ import annotations

import json

import pytest
from django.core import checks
from django.utils import timezone

from wiredesk.desk.models import Article
from wiredesk.drafting import backends, service
from wiredesk.drafting.backends import DraftText
from wiredesk.drafting.models import Draft
from wiredesk.ingest.models import Source, WireItem
from wiredesk.ingest.store import store_items
from wiredesk.ingest.wire import ParsedItem
from wiredesk.stories.models import Story, StoryItem

# Copy written for these tests.
HEADLINE = "UPDATE 1-Ghana central bank raises main rate to 29.5 pct"
BODY = (
    "ACCRA, Feb 5 (Meridian) - Ghana's central bank raised its main lending rate by "
    "250 basis points to 29.5 percent on Monday, its biggest increase in two "
    "decades, as it tried to slow inflation that reached 54 percent in December.\n\n"
    "Governor Ernest Addison told reporters in Accra that the Monetary Policy "
    "Committee would meet again in March and was ready to act further.\n\n"
    "The cedi has lost about a third of its value against the dollar this year, "
    "pushing up the cost of imported fuel and food for some 1,200,000 households."
)
GOOD = {
    "headline": "Ghana's central bank lifts its main rate to 29.5% to fight inflation",
    "standfirst": (
        "The Bank of Ghana raised its main lending rate by 250 basis points to 29.5 "
        "percent, its biggest increase in two decades, as inflation reached 54 "
        "percent in December."
    ),
}


def answer(**changes: str) -> str:
    return json.dumps({**GOOD, **changes})


def make_story(headline: str = HEADLINE, body: str = BODY) -> Story:
    """A one-item story, as clustering would leave it (later stages not run)."""
    source, _ = Source.objects.get_or_create(
        slug="meridian", defaults={"name": "Meridian", "agency": "Meridian"}
    )
    store_items(source, [ParsedItem(guid="g1", headline=headline, body_text=body)])
    item = WireItem.objects.get(guid="g1")
    now = timezone.now()
    story = Story.objects.create(
        headline=item.headline, primary_item=item, created_at=now, updated_at=now
    )
    StoryItem.objects.create(story=story, item=item, role="source")
    return story


# -- the 'openai' backend against a local server --------------------------------------


@pytest.mark.django_db
def test_a_grounded_rewrite_is_used(chat):
    """The model's headline and standfirst become the draft's, with no reason kept."""
    chat.reply = answer()
    draft = service.draft(make_story())
    assert draft.headline == GOOD["headline"]
    assert draft.standfirst == GOOD["standfirst"]
    assert (draft.backend, draft.fallback_reason) == ("openai", "")
    [request] = chat.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "test-model"
    prompt = request.body["messages"][-1]["content"]
    assert "Governor Ernest Addison" in prompt and '"standfirst"' in prompt


@pytest.mark.django_db
def test_a_reply_in_a_code_fence_is_understood(chat):
    """Models often wrap JSON in ``` fences with a sentence around it."""
    chat.reply = f"Here is the rewrite:\n```json\n{answer()}\n```\nHope this helps."
    draft = service.draft(make_story())
    assert (draft.backend, draft.headline) == ("openai", GOOD["headline"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "invented"),
    [
        ({"headline": "Ghana's central bank lifts its main rate to 31.5%"}, "31.5"),
        (
            {"standfirst": "Governor Kwame Mensah said the bank raised its rate."},
            "Mensah",
        ),
        (
            {"headline": "Nigeria's central bank lifts its main rate to 29.5%"},
            "Nigeria",
        ),
        ({"standfirst": "The bank in Kumasi raised its main lending rate."}, "Kumasi"),
    ],
    ids=["number", "name", "country", "city"],
)
def test_a_rewrite_inventing_a_fact_falls_back(chat, changes, invented):
    """A number, name or place the sources never mention keeps the default draft,
    and the reason names what was invented."""
    chat.reply = answer(**changes)
    draft = service.draft(make_story())
    assert draft.backend == "default"
    assert draft.headline == "Ghana central bank raises main rate to 29.5 pct"
    assert draft.standfirst.startswith("Ghana's central bank raised")
    assert draft.fallback_reason.startswith("openai: failed check")
    assert repr(invented) in draft.fallback_reason


@pytest.mark.django_db
def test_a_standfirst_over_the_word_limit_falls_back(chat, settings):
    """STANDFIRST_WORDS bounds the model's standfirst as it does the default's."""
    settings.STANDFIRST_WORDS = 20
    chat.reply = answer()
    draft = service.draft(make_story())
    assert draft.backend == "default"
    assert "(at most 20)" in draft.fallback_reason
    assert len(draft.standfirst.split()) <= 20
    assert "at most 20 words" in chat.requests[0].body["messages"][-1]["content"]


@pytest.mark.django_db
def test_a_slow_server_times_out_and_falls_back(chat, settings):
    """A model slower than OPENAI_TIMEOUT does not hold the story back."""
    settings.OPENAI_TIMEOUT = 0.3
    chat.delay = 2.0
    chat.reply = answer()
    draft = service.draft(make_story())
    assert draft.backend == "default"
    assert "timed out after 0.3 s" in draft.fallback_reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "raw", "reply", "reason"),
    [
        (500, b'{"error": {"message": "model crashed"}}', None, "HTTP 500"),
        (200, b"<html>not json", None, "invalid JSON in the response"),
        (200, b'{"object": "chat.completion"}', None, "no choices[0].message"),
        (200, None, "I cannot help with that.", "no JSON object in the reply"),
        (200, None, '{"headline": "Ghana lifts rate",', "no JSON object"),
        (200, None, '{"headline": "Ghana lifts rate"}', 'no "standfirst" text'),
        (200, None, '{"headline": "", "standfirst": "The bank"}', "empty headline"),
    ],
    ids=["500", "bad-json", "no-choices", "prose", "cut-off", "missing", "empty"],
)
def test_errors_and_bad_replies_fall_back_with_the_reason(
    chat, status, raw, reply, reason
):
    """Whatever goes wrong, the default draft stands and the Draft says why."""
    chat.status, chat.raw = status, raw
    if reply is not None:
        chat.reply = reply
    draft = service.draft(make_story())
    assert draft.backend == "default"
    assert draft.headline == "Ghana central bank raises main rate to 29.5 pct"
    assert reason in draft.fallback_reason


@pytest.mark.django_db
def test_the_bearer_key_is_sent_only_when_set(chat, settings):
    """OPENAI_API_KEY goes in the Authorization header; without one, no header."""
    chat.reply = answer()
    service.draft(make_story())
    settings.OPENAI_API_KEY = "sk-local-test"
    service.draft(Story.objects.get())
    without, with_key = chat.requests
    assert "Authorization" not in without.headers
    assert with_key.headers["Authorization"] == "Bearer sk-local-test"


@pytest.mark.django_db
def test_an_unreachable_endpoint_falls_back(settings):
    """Nothing listening at OPENAI_BASE_URL: the default draft, and the error kept."""
    from tests.conftest import free_port

    settings.DRAFTING_BACKEND = "openai"
    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{free_port()}/v1"
    settings.OPENAI_MODEL = "test-model"
    draft = service.draft(make_story())
    assert draft.backend == "default"
    assert (
        "HTTP error" in draft.fallback_reason
        and "ConnectError" in draft.fallback_reason
    )


@pytest.mark.django_db
def test_a_rewrite_reaches_the_article(chat, django_capture_on_commit_callbacks):
    """Walking the whole path, the desk's article shows the model's headline."""
    chat.reply = answer()
    story = make_story()
    with django_capture_on_commit_callbacks(execute=True):
        service.draft(story)
    assert Article.objects.get(story=story).headline == GOOD["headline"]


# -- the default backend ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_default_backend_needs_no_network(chat, settings):
    """With DRAFTING_BACKEND=default no request is made, even with an endpoint set."""
    settings.DRAFTING_BACKEND = "default"
    draft = service.draft(make_story())
    assert chat.requests == []
    assert (draft.backend, draft.fallback_reason) == ("default", "")
    assert draft.headline == "Ghana central bank raises main rate to 29.5 pct"


def test_the_default_backend_does_not_even_read_the_sources(settings):
    """The default path never asks for the source items (no extra queries)."""
    settings.DRAFTING_BACKEND = "default"
    default = DraftText("Headline", "Standfirst.")

    def sources() -> list[str]:
        raise AssertionError("the default backend read the sources")

    assert backends.rewrite(default, sources) == backends.Outcome(default, "default")


def test_an_unknown_backend_keeps_the_default_and_fails_the_system_check(settings):
    """A misspelt DRAFTING_BACKEND is reported at start-up; drafting carries on."""
    settings.DRAFTING_BACKEND = "openia"
    default = DraftText("Headline", "Standfirst.")
    outcome = backends.rewrite(default, list)
    assert outcome.text == default and outcome.backend == "default"
    assert "no drafting backend named 'openia'" in outcome.fallback_reason
    errors = [m for m in checks.run_checks() if m.id.startswith("wiredesk.drafting")]
    assert [m.id for m in errors] == ["wiredesk.drafting.E001"]
    assert "openia" in errors[0].msg


def test_openai_without_a_url_is_reported_and_falls_back(settings):
    """DRAFTING_BACKEND=openai without OPENAI_BASE_URL warns and keeps the default."""
    settings.DRAFTING_BACKEND = "openai"
    settings.OPENAI_BASE_URL = None
    settings.OPENAI_MODEL = "m"
    outcome = backends.rewrite(DraftText("H", "S."), lambda: ["source"])
    assert outcome.fallback_reason == "openai: OPENAI_BASE_URL is not set"
    messages = [m for m in checks.run_checks() if m.id.startswith("wiredesk.drafting")]
    assert [m.id for m in messages] == ["wiredesk.drafting.W001"]


@pytest.mark.django_db
def test_the_standfirst_length_follows_the_setting(settings):
    """STANDFIRST_WORDS is read when drafting, not when the code was imported."""
    settings.DRAFTING_BACKEND = "default"
    settings.STANDFIRST_WORDS = 25
    draft = service.draft(make_story())
    assert 0 < len(draft.standfirst.split()) <= 25
    settings.STANDFIRST_WORDS = 80
    longer = service.draft(Story.objects.get())
    assert len(longer.standfirst.split()) > 25
    assert Draft.objects.count() == 1
