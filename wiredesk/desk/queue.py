"""The desk queue: what waits for an editor, most urgent and newest first."""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Length
from django.db.models.lookups import GreaterThan

from wiredesk.desk.models import Article
from wiredesk.stories.models import StoryItem

S = Article.Status
WAITING = (S.DRAFT, S.IN_REVIEW)
# The queue's own states beside the workflow's, whatever the article's status: an
# article an agency's correction or kill flagged (``Article.attention``), and one
# whose agency sent a new version of a field an editor set (``pending_update``).
FLAGGED = "flagged"
NEW_VERSION = "new_version"
STATES = [(FLAGGED, "flagged"), (NEW_VERSION, "new agency version")]


def is_flagged() -> Q:
    """Articles an agency's correction or kill flagged for the desk."""
    return Q(attention__gt=0)


def has_new_version() -> Q:
    """Articles holding an agency version the editor has not yet applied or
    ignored: what readers see may be out of date (23 dead where the agency now
    says 31), so the desk must see them as surely as a flag.

    Written as the expression of the index on them (``desk_article_new_version``:
    the JSON text of an empty ``pending_update`` is "{}", two characters), so
    that both SQLite and PostgreSQL find the few by that index."""
    return Q(GreaterThan(Length(Cast("pending_update", TextField())), 2))


def waiting() -> Q:
    """The default queue: drafts, pieces in review, flagged articles and those
    holding a new version, each found through its own index (status, attention,
    ``desk_article_new_version``), not by reading every article.

    PostgreSQL combines the three indexes for the OR (a BitmapOr, 0.4 ms to count
    the queue of 100,000 articles); SQLite reads the whole table for the OR
    (19 ms), so there the queue is the union of the three index searches (1 ms),
    which PostgreSQL runs slower (3.7 ms)."""
    terms = [Q(status__in=WAITING), is_flagged(), has_new_version()]
    if connections[Article.objects.db].vendor != "sqlite":
        return terms[0] | terms[1] | terms[2]
    found = [Article.objects.filter(term).order_by().values("pk") for term in terms]
    return Q(pk__in=found[0].union(*found[1:], all=True))


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

    Without a state, the queue is what waits: drafts, pieces in review, any
    article flagged by an agency correction or kill, and any holding a new agency
    version of a field an editor set (``NEW_VERSION``, a state of its own too).
    Order: flag priority, then a new version (a live page may be out of date),
    then the wire's urgency (1 is most urgent; none last), then the newest.
    """
    articles = Article.objects.select_related(
        "story__primary_item__source",
        "story__draft__sector",  # the proposed names the queue shows
        "story__draft__country",
        "story__draft__edition",
        "sector",
        "country",
        "edition",
    )
    state = filters.get("state")
    if state == FLAGGED:
        articles = articles.filter(is_flagged())
    elif state == NEW_VERSION:
        articles = articles.filter(has_new_version())
    elif state:
        articles = articles.filter(status=state)
    else:
        articles = articles.filter(waiting())
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
        new_version=ExpressionWrapper(has_new_version(), BooleanField()),
    ).order_by(
        "-attention",
        "-new_version",
        F("urgency").asc(nulls_last=True),
        "-updated_at",
        "-pk",
    )


def count_links() -> list[tuple[str, int, str]]:
    """``counts`` as (label, count, the queue's query string listing them): each
    count links to the queue of just those articles (the flagged count led to the
    whole waiting queue, drafts and all)."""
    query = {label: f"?state={value}" for value, label in S.choices}
    query |= {"Flagged": f"?state={FLAGGED}", "New version": f"?state={NEW_VERSION}"}
    return [(label, n, query[label]) for label, n in counts().items()]


def counts() -> dict[str, int]:
    """How many articles are in each state, how many are flagged, and how many
    hold a new agency version an editor has not yet seen to."""
    by_state = dict(
        Article.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    result = {label: by_state.get(value, 0) for value, label in S.choices}
    result["Flagged"] = Article.objects.filter(is_flagged()).count()
    result["New version"] = Article.objects.filter(has_new_version()).count()
    return result
