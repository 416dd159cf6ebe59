"""The desk queue: what waits for an editor, most urgent and newest first."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from wiredesk.desk.models import Article
from wiredesk.stories.models import StoryItem

S = Article.Status
WAITING = (S.DRAFT, S.IN_REVIEW)


def _count(**where) -> Coalesce:
    members = (
        StoryItem.objects.filter(story=OuterRef("story"), **where)
        .order_by()
        .values("story")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members), Value(0))


def queue(filters: dict[str, Any]) -> QuerySet[Article]:
    """Articles matching the cleaned QueueFilter values.

    Without a state, the queue is what waits: drafts, pieces in review, and any
    article flagged by an agency correction or kill. Order: flag priority, then
    the wire's urgency (1 is most urgent; none last), then the newest.
    """
    articles = Article.objects.select_related(
        "story__primary_item__source", "story__draft", "sector", "country", "edition"
    )
    state = filters.get("state")
    if state:
        articles = articles.filter(status=state)
    else:
        articles = articles.filter(Q(status__in=WAITING) | Q(attention__gt=0))
    # Sub-queries rather than joins: no duplicate rows, and the counts stay whole.
    if filters.get("source"):
        told_by = StoryItem.objects.filter(item__source=filters["source"])
        articles = articles.filter(story_id__in=told_by.values("story_id"))
    if filters.get("sector"):
        sector = filters["sector"]
        also = Article.secondary_sectors.through.objects.filter(sector=sector)
        articles = articles.filter(
            Q(sector=sector) | Q(pk__in=also.values("article_id"))
        )
    if filters.get("country"):
        country = filters["country"]
        also = Article.countries.through.objects.filter(country=country)
        articles = articles.filter(
            Q(country=country) | Q(pk__in=also.values("article_id"))
        )
    if filters.get("edition"):
        articles = articles.filter(edition=filters["edition"])
    if filters.get("urgency"):
        articles = articles.filter(story__primary_item__urgency__lte=filters["urgency"])
    if filters.get("q"):
        articles = articles.filter(headline__icontains=filters["q"])
    return articles.annotate(
        urgency=F("story__primary_item__urgency"),
        versions=_count(role=StoryItem.Role.VERSION),
        agency_items=_count(role=StoryItem.Role.SOURCE),
    ).order_by(
        "-attention",
        F("urgency").asc(nulls_last=True),
        "-updated_at",
        "-pk",
    )


def counts() -> dict[str, int]:
    """How many articles are in each state, and how many are flagged."""
    by_state = dict(
        Article.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    result = {label: by_state.get(value, 0) for value, label in S.choices}
    result["Flagged"] = Article.objects.filter(attention__gt=0).count()
    return result
