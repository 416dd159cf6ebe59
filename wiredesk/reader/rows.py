"""The reader's queries by id, compiled once per thread (``compiled.py``): their
SQL cost more to build than to run."""

from __future__ import annotations

from wiredesk.compiled import CompiledQuery
from wiredesk.desk.models import Article

# The article page's one query: the article as readers may see it now, and its
# author.
published_article = CompiledQuery(
    Article,
    lambda pks, now: (
        Article.objects.published(now).select_related("author").filter(pk__in=pks)
    ),
    now_field="expire_at",
)

# Teasers (headline, labels, author; no body) of published articles, for the
# lists whose ids were chosen by a cheaper query first: search results, every
# block of a home page and the listings.
published_teasers = CompiledQuery(
    Article,
    lambda pks, now: Article.objects.published(now).teasers().filter(pk__in=pks),
    now_field="expire_at",
)
