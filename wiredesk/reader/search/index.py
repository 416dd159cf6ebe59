"""Keeping the search entries in step with the articles."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from django.db import transaction

from wiredesk.desk.models import Article
from wiredesk.reader.models import SearchEntry

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


def rebuild(batch_size: int = 2000, progress=None) -> int:
    """Rewrite every entry from the articles (after bulk loads or a restore)."""
    rows: Iterable[tuple[int, str, str, str]] = (
        Article.objects.order_by("pk")
        .values_list("pk", "headline", "standfirst", "body_html")
        .iterator(chunk_size=batch_size)
    )
    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
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
    return count
