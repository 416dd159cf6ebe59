"""Search follows the site's language: SITE_LANGUAGE picks how words are stemmed.

PostgreSQL stems with the built-in configuration of the language (German words
find their other forms); SQLite's FTS5 has Porter's stemmer for English only, and
for other languages folds case and accents. The rules are fixed when the index is
made, so `wiredesk searchindex rebuild` applies a changed setting; until then
search keeps working with the old rules.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.test_reader_pages import make_article
from wiredesk.reader.search import Filters, parse, postgres, search
from wiredesk.reader.search.language import fts5_tokenizer, pg_config

on_postgres = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def fresh_config():
    """A rebuild is rolled back with the test: read the column's rules again."""
    postgres.forget_config()
    yield
    postgres.forget_config()


@pytest.fixture
def german(db):
    make_article(
        "Die Regierungen kündigten neue Krankenhäuser an",
        body_html="<p>In Zürich begannen die Wahlen am Montag.</p>",
    )
    make_article(
        "Der Bahnhof bleibt geschlossen",
        body_html="<p>Züge fahren ab Dienstag wieder.</p>",
    )


def titles(query: str) -> list[str]:
    page = search(parse(query), Filters())
    assert not page.failed
    return [hit.article.headline for hit in page.hits]


def status() -> str:
    out = StringIO()
    call_command("searchindex", "status", stdout=out)
    return out.getvalue()


def rebuild() -> str:
    out = StringIO()
    call_command("searchindex", "rebuild", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_language_codes_map_to_the_engines_word_rules():
    """Each language gets its PostgreSQL configuration ("simple" when there is
    none); FTS5 stems English only."""
    assert pg_config("de") == "german"
    assert pg_config("pt-BR") == "portuguese"
    assert pg_config("EN_gb") == "english"
    assert pg_config("sw") == "simple"
    assert pg_config("") == "simple"
    assert "porter" in fts5_tokenizer("en")
    assert "porter" not in fts5_tokenizer("de")
    assert "remove_diacritics" in fts5_tokenizer("de")


def test_a_german_site_finds_german_word_forms(settings, german):
    """After a rebuild in German, a word finds its other forms on PostgreSQL
    (Regierung ~ Regierungen, Krankenhaus ~ Krankenhäuser); on SQLite accents
    are folded (Zurich ~ Zürich); snippets still mark the words found."""
    settings.SITE_LANGUAGE = "de"
    assert "2 articles indexed" in rebuild()
    assert "rebuild" not in status()
    headline = "Die Regierungen kündigten neue Krankenhäuser an"
    assert titles("Zurich") == [headline]
    if on_postgres:
        assert titles("Regierung") == [headline]
        assert titles("Krankenhaus Wahl") == [headline]
        assert titles('"neues Krankenhaus"') == [headline]
        hit = search(parse("Regierung"), Filters()).hits[0]
        assert "<mark>Regierungen</mark>" in hit.headline
    else:
        assert titles("Regierungen") == [headline]
        hit = search(parse("Zurich"), Filters()).hits[0]
        assert "<mark>Zürich</mark>" in hit.snippet


def test_a_changed_language_applies_after_a_rebuild(settings, german):
    """Until the rebuild, the index keeps its English rules and search still
    finds exact words; `searchindex status` says a rebuild is due."""
    settings.SITE_LANGUAGE = "en"
    rebuild()
    settings.SITE_LANGUAGE = "de"
    assert "rebuild" in status()
    assert titles("Regierungen") == ["Die Regierungen kündigten neue Krankenhäuser an"]
    if on_postgres:
        assert titles("Regierung") == []  # English rules do not stem German
    rebuild()
    assert "rebuild" not in status()
    if on_postgres:
        assert titles("Regierung") == [
            "Die Regierungen kündigten neue Krankenhäuser an"
        ]
    settings.SITE_LANGUAGE = "en"
    rebuild()
    assert titles("Bahnhof") == ["Der Bahnhof bleibt geschlossen"]


@pytest.mark.parametrize(
    ("config", "query", "text", "marked"),
    [
        ("greek", "Αθήνα", "Η κυβέρνηση στην Αθήνα αποφάσισε", "[Αθήνα]"),
        ("russian", "война", "Война в районе", "[Война] в районе"),
        ("russian", "район", "Война в районе", "Война в [районе]"),
        ("german", "Massnahmen", "Die Maßnahmen der Regierung", "[Maßnahmen]"),
        ("turkish", "istanbul", "İstanbul'da seçim", "[İstanbul]'da"),
        ("french", "Élection", "Les élections présidentielles", "[élections]"),
        ("english", "international", "International talks", "[International]"),
    ],
)
def test_snippets_mark_the_word_whatever_its_accents_or_alphabet(
    config, query, text, marked
):
    """A site in Greek, Russian, German or Turkish gets its matched words marked
    like an English one: accents outside Latin, "ß" for "ss", the Turkish "İ"."""
    from wiredesk.reader.search import highlight

    lexeme = highlight.stem(config, query)
    marker = highlight.Marker(config, [(lexeme, False)], "[", "]")
    assert marked in marker.mark(text)


@pytest.mark.parametrize(
    ("headline", "query"),
    [
        ("भारत में चुनाव की तैयारी", "भारत"),  # Hindi: vowel signs inside words
        ("இந்தியா தேர்தல் அறிவிப்பு", "தேர்தல்"),  # Tamil
    ],
)
def test_words_with_vowel_signs_are_found(db, headline, query):
    """A word written with combining vowel signs is searched as one word, as the
    index holds it, not cut into pieces that match nothing."""
    make_article(headline, body_html="<p>-</p>")
    page = search(parse(query), Filters())
    assert [hit.article.headline for hit in page.hits] == [headline]
