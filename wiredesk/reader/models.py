"""The search index: one plain-text entry per article, kept in step by signals.

The database's own full-text engine indexes this table: an FTS5 virtual table over it
on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL (both made
by migration 0001, see ``search/``). Every article is indexed whatever its status;
what readers may find is decided at query time by ``Article.objects.published()``.
"""

from __future__ import annotations

from django.db import models

from wiredesk.desk.models import Article


class SearchEntry(models.Model):
    article = models.OneToOneField(
        Article,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    headline = models.TextField()
    body = models.TextField(help_text="Standfirst and body as plain text.")

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return self.headline
