"""Characters that show nothing, and lone surrogates a decoder left, on their way
into stored text. Copy written for these tests."""

from __future__ import annotations

import pytest

from wiredesk.ingest import sanitise
from wiredesk.ingest.sanitise import clean_html, clean_text, html_to_text
from wiredesk.ingest.wire import MediaRef, ParsedItem


@pytest.mark.parametrize(
    "raw",
    [
        "The law\u200b sets aside\ufeff funds.",
        "\ufeffThe law sets aside funds.",
        "The law sets a\u00adside funds.",
        "The law sets\u2060 aside funds.",
        "The law\u200d sets aside\u200c funds.",
    ],
)
def test_invisible_characters_are_not_stored(raw):
    """Zero-width spaces, a byte-order mark, soft hyphens, word joiners and
    joiners between Latin words are dropped from the headline, the sanitised HTML
    and the plain text drafting reads."""
    expected = "The law sets aside funds."
    assert clean_text(raw) == expected
    html = clean_html(f"<p>{raw}</p>")
    assert html == f"<p>{expected}</p>"
    assert html_to_text(html) == expected


def test_invisible_characters_written_as_entities_are_not_stored():
    html = clean_html("<p>The law&#8203; sets a&shy;side&#xFEFF; funds.</p>")
    assert html_to_text(html) == "The law sets aside funds."


@pytest.mark.parametrize(
    "word",
    [
        "می\u200cخواهم",  # Persian: the non-joiner keeps the prefix apart
        "क्\u200dष",  # Devanagari: the joiner asks for the half form
        "👨\u200d👩\u200d👧",  # one family emoji, not three people
        "🏳\ufe0f\u200d🌈",  # the rainbow flag
        "👩🏽\u200d💻",  # a woman technologist with a skin tone
    ],
)
def test_joiners_a_script_or_an_emoji_needs_are_kept(word):
    assert clean_text(f"Word: {word} here") == f"Word: {word} here"
    assert html_to_text(clean_html(f"<p>{word}</p>")) == word


def test_a_lone_surrogate_is_never_kept():
    """A byte a decoder could not read stands as U+FFFD; a pair is its character."""
    assert clean_text("ok \ud800") == "ok \ufffd"
    assert clean_html("<p>a \udfff b</p>") == "<p>a \ufffd b</p>"
    assert clean_text("smile \ud83d\ude00") == "smile \U0001f600"


def _source():
    from wiredesk.ingest.models import Source

    return Source.objects.create(name="S", slug="s", agency="S")


def test_an_item_with_lone_surrogates_is_stored_cleaned_with_its_batch(db):
    """Surrogates in the body, headline, guid, link and subjects no longer fail
    the item: it is stored with U+FFFD, and so are the items around it."""
    from wiredesk.ingest.models import WireItem
    from wiredesk.ingest.store import store_items

    items = [
        ParsedItem(guid="s0", headline="first", body_text="fine"),
        ParsedItem(
            guid="s1\udc80",
            headline="ok \ud800",
            body_text="a \udfff b",
            url="https://example.org/\udc80",
            subjects=["politics\udc80"],
            media=[MediaRef(url="https://example.org/a.jpg", caption="c\udc80")],
        ),
        ParsedItem(guid="s2", headline="last", body_text="fine too"),
    ]
    report = store_items(_source(), items)
    assert report.errors == []
    assert report.counts["new"] == 3
    item = WireItem.objects.get(guid="s1\ufffd")
    assert item.headline == "ok \ufffd"
    assert item.body_text == "a \ufffd b"
    assert item.url == "https://example.org/\ufffd"
    assert item.subjects == ["politics\ufffd"]
    assert item.media[0]["caption"] == "c\ufffd"
    # Delivered again, the item is unchanged, not a new version.
    again = store_items(WireItem.objects.get(guid="s0").source, items)
    assert again.counts["unchanged"] == 3


def test_a_text_that_cannot_be_stored_names_the_item_and_field(db, monkeypatch):
    """When sanitising a field fails, the error says which item and which field,
    and the other items of the batch are stored."""
    from wiredesk.ingest.models import WireItem
    from wiredesk.ingest.store import store_items

    cleaner = sanitise.clean_html

    def failing(raw: str) -> str:
        if "poison" in raw:
            raise UnicodeEncodeError("utf-8", raw, 5, 6, "surrogates not allowed")
        return cleaner(raw)

    monkeypatch.setattr(sanitise, "clean_html", failing)
    items = [
        ParsedItem(guid="s0", headline="first", body_text="fine"),
        ParsedItem(guid="s1", headline="ok", body_text="a poison b"),
        ParsedItem(guid="s2", headline="last", body_text="fine too"),
    ]
    report = store_items(_source(), items)
    assert [guid for guid, _ in report.errors] == ["s1"]
    assert "s1: body_html:" in report.errors[0][1]
    assert sorted(WireItem.objects.values_list("guid", flat=True)) == ["s0", "s2"]


def test_a_nul_in_a_guid_link_or_subject_fails_neither_item_nor_batch(db):
    """PostgreSQL refuses NUL in text and JSON: it is dropped from the fields that
    do not pass through the HTML sanitiser, and the batch is stored."""
    from wiredesk.ingest.models import WireItem
    from wiredesk.ingest.store import store_items

    items = [
        ParsedItem(guid="s0", headline="first", body_text="fine"),
        ParsedItem(
            guid="s1\x00",
            headline="ok",
            body_text="fine",
            url="https://example.org/a\x00b",
            subjects=["politics\x00"],
        ),
    ]
    report = store_items(_source(), items)
    assert report.errors == []
    item = WireItem.objects.get(guid="s1")
    assert (item.url, item.subjects) == ("https://example.org/ab", ["politics"])


def test_a_guid_sqlite_stored_with_a_nul_is_found_again_after_migrating(db):
    """SQLite kept guids with a NUL before lookups dropped it: migration
    ingest/0006 drops it from the stored rows, so the item sent again is the
    same item, not a second one."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from wiredesk.ingest.models import WireItem
    from wiredesk.ingest.store import store_items

    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL text never held a NUL")
    source = _source()
    store_items(source, [ParsedItem(guid="s1", headline="ok", body_text="fine")])
    WireItem.objects.update(guid="s1\x00")  # as stored before
    migration = importlib.import_module(
        "wiredesk.ingest.migrations.0006_guid_without_nul"
    )
    migration.strip_nul(apps, SimpleNamespace(connection=connection))
    again = ParsedItem(guid="s1\x00", headline="ok", body_text="fine")
    report = store_items(source, [again])
    assert report.counts["new"] == 0
    assert list(WireItem.objects.values_list("guid", flat=True)) == ["s1"]
