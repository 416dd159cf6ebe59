"""Which language rules the search index stems words by, from SITE_LANGUAGE.

Both engines fix their word rules when the index is made: PostgreSQL in the
generated ``document`` column (a text search configuration), SQLite in the FTS5
table's tokenizer. So changing SITE_LANGUAGE takes effect only when the index is
made again: ``wiredesk searchindex rebuild`` (docs/settings.md). Until then search
keeps using the rules the index was made with (PostgreSQL queries are parsed with
the column's own configuration, read from the database), so it stays consistent,
only not yet in the new language.
"""

from __future__ import annotations

from django.conf import settings

# ISO 639-1 code → PostgreSQL's built-in text search configuration (Snowball
# stemmers; PostgreSQL 13+ has all of these, older servers lack a few and get
# "simple" for them, see postgres.config_for).
PG_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
FALLBACK_CONFIG = "simple"  # lower-cased words, no stemming, no stop words

# FTS5 has one stemmer, Porter's, for English only; every language gets Unicode
# word splitting and case folding, and accents removed so "Zürich" finds "Zurich".
FTS5_ENGLISH = "porter unicode61 remove_diacritics 2"
FTS5_OTHER = "unicode61 remove_diacritics 2"


def language_code(value: str | None = None) -> str:
    """The primary subtag of a language tag, lower case: "pt-BR" → "pt"."""
    value = settings.SITE_LANGUAGE if value is None else value
    return (value or "").strip().replace("_", "-").split("-")[0].lower()


def pg_config(value: str | None = None) -> str:
    """The PostgreSQL configuration wanted for SITE_LANGUAGE (or ``value``)."""
    return PG_CONFIGS.get(language_code(value), FALLBACK_CONFIG)


def fts5_tokenizer(value: str | None = None) -> str:
    """The FTS5 tokenizer wanted for SITE_LANGUAGE (or ``value``)."""
    return FTS5_ENGLISH if language_code(value) == "en" else FTS5_OTHER
