"""The two times distribution gives an article, by one rule for every feed, sitemap
and page head (docs/architecture.md, "Distribution").

- *Published* is when the site first published the article (``first_published_at``;
  ``created_at`` for an article published before that was kept).
- *Modified* is the latest of: published, the last change of what readers see
  (``changed_at``, set by ``Article.save``) and the page's "Updated:" time
  (``updated_at``: the agency's latest version, or the desk's correction). So it is
  never before published, never before the "Updated:" readers see, and it moves
  when an agency update or an editor changes a published article, although the
  agency's own times are usually earlier than the site's publication.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models.functions import Coalesce, Greatest

from wiredesk.desk.models import Article

# What ArticleSitemap-like lists must load for these two times.
DATE_FIELDS = ("created_at", "updated_at", "first_published_at", "changed_at")


def published(article: Article) -> datetime:
    return article.first_published_at or article.created_at


def modified(article: Article) -> datetime:
    first = published(article)
    return max(first, article.updated_at, article.changed_at or first)


def modified_expression(prefix: str = "") -> models.Expression:
    """``modified`` in SQL, for aggregates (``prefix``: a relation, "article__").

    Every term is made non-null: SQLite's MAX(a, b) is NULL when one is NULL."""
    first = Coalesce(f"{prefix}first_published_at", f"{prefix}created_at")
    return Greatest(
        first, f"{prefix}updated_at", Coalesce(f"{prefix}changed_at", first)
    )


def latest_modified(articles: models.QuerySet | None = None) -> datetime | None:
    """The last ``modified`` of ``articles`` (default: every published one)."""
    if articles is None:
        articles = Article.objects.published()
    return articles.aggregate(last=models.Max(modified_expression()))["last"]
