"""Keeping the search entries in step with the articles."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from django.db import connection, transaction

from wiredesk.desk.models import Article
from wiredesk.reader.models import SearchEntry
from wiredesk.reader.search import language

_TAG = re.compile(r"<[^>]*>")
# Control characters and the private-use characters the snippets use as markers.
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]")


def plain_text(body_html: str) -> str:
    """Text of sanitised body HTML, with a space where each tag was."""
    return clean_text(html.unescape(_TAG.sub(" ", body_html or "")))


def clean_text(text: str) -> str:
    """Plain text (headline, standfirst) without control or marker characters."""
    return " ".join(_UNWANTED.sub(" ", text or "").split())


def entry_for(headline: str, standfirst: str, body_html: str, pk: int) -> SearchEntry:
    body = " ".join(p for p in (clean_text(standfirst), plain_text(body_html)) if p)
    return SearchEntry(article_id=pk, headline=clean_text(headline), body=body)


def index_article(article: Article) -> None:
    """Write (or rewrite) the entry of one saved article."""
    entry = entry_for(
        article.headline, article.standfirst, article.body_html, article.pk
    )
    SearchEntry.objects.update_or_create(
        article_id=article.pk,
        defaults={"headline": entry.headline, "body": entry.body},
    )


def engine():
    """The search backend module of the default database (sqlite or postgres)."""
    from wiredesk.reader.search import postgres, sqlite

    return {"sqlite": sqlite, "postgresql": postgres}[connection.vendor]


def index_language() -> str | None:
    """How the index stems words now: a PostgreSQL configuration or an FTS5
    tokenizer (None when there is no index)."""
    backend = engine()
    if connection.vendor == "postgresql":
        backend.forget_config()
        return backend.index_config(connection)
    return backend.index_tokenizer(connection)


def wanted_language() -> str:
    """How SITE_LANGUAGE asks the index to stem words (same terms as above)."""
    if connection.vendor == "postgresql":
        return engine().config_for(connection)
    return language.fts5_tokenizer()


def rebuild(batch_size: int = 2000, progress=None) -> int:
    """Make the index again from the articles: after bulk loads, a restore, or a
    change of SITE_LANGUAGE (the engine's word rules are fixed when its index is
    made, ``language.py``). One transaction: searches wait for it rather than
    find a half-made index. The database's full-text index is dropped first and
    made once the entries are written (faster than keeping it up to date)."""
    backend = engine()
    rows: Iterable[tuple[int, str, str, str]] = (
        Article.objects.order_by("pk")
        .values_list("pk", "headline", "standfirst", "body_html")
        .iterator(chunk_size=batch_size)
    )
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys are checked at commit; the table cannot be altered with
            # checks pending (rows written earlier in the same transaction).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in backend.DROP:
            cursor.execute(statement)
        SearchEntry.objects.all().delete()
        for statement in backend.before_load(connection):
            cursor.execute(statement)
        batch: list[SearchEntry] = []
        for pk, headline, standfirst, body_html in rows:
            batch.append(entry_for(headline, standfirst, body_html, pk))
            if len(batch) >= batch_size:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
                if progress:
                    progress(count)
        SearchEntry.objects.bulk_create(batch)
        count += len(batch)
        for statement in backend.after_load():
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    if connection.vendor == "postgresql":
        backend.forget_config()
    return count
