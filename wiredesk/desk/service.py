"""From a draft to an article, and the rules that publish without review."""

from __future__ import annotations

import logging

from django.db import transaction

from wiredesk.desk.models import Article
from wiredesk.drafting.editions import edition_slug_for
from wiredesk.drafting.models import Draft
from wiredesk.ingest.models import Source

log = logging.getLogger(__name__)

# The article fields drafting proposes, in the order they are applied. An editor's
# change to any of them is an override: later drafts leave that field alone.
DRAFTED_FIELDS = (
    "headline",
    "standfirst",
    "body_html",
    "dateline",
    "country",
    "countries",
    "sector",
    "secondary_sectors",
    "edition",
)
_TEXT_FIELDS = ("headline", "standfirst", "body_html")
_MANY = {"countries", "secondary_sectors"}


def auto_publish_allowed(draft: Draft) -> bool:
    """A story is published without review when its primary source's rule says so."""
    primary = draft.story.primary_item
    return bool(
        primary
        and Source.objects.filter(pk=primary.source_id, auto_publish=True).exists()
    )


def overridden(article: Article) -> set[str]:
    """The drafted fields an editor has set on ``article``.

    Articles edited before overrides were kept per field carry only ``desk_edited``:
    their text stays as the editor left it, their tags follow the draft.
    """
    fields = set(article.overridden_fields or ())
    if not fields and article.desk_edited:
        fields = set(_TEXT_FIELDS)
    return fields & set(DRAFTED_FIELDS)


def record_overrides(article: Article, changed: list[str]) -> None:
    """Note the drafted fields an editor changed, so agency updates keep them.

    Changing the country without choosing an edition moves the article to the
    edition of its new country: the edition follows the country unless set by hand.
    """
    changed_drafted = [f for f in DRAFTED_FIELDS if f in changed]
    if not changed_drafted:
        return
    kept = set(article.overridden_fields or ()) | set(changed_drafted)
    article.overridden_fields = [f for f in DRAFTED_FIELDS if f in kept]
    if any(f in changed_drafted for f in _TEXT_FIELDS):
        article.desk_edited = True
    if "country" in changed_drafted and "edition" not in kept:
        article.edition_id = edition_slug_for(article.country)


def apply_draft(draft: Draft) -> Article:
    """Create the story's article, or bring it up to date with the new draft.

    Fields an editor has overridden keep the editor's value; every other drafted
    field follows the new draft. When the editor chose the country but not the
    edition, the edition follows the editor's country.
    """
    story = draft.story
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(story=story).first()
        article = article or Article(story=story)
        keep = overridden(article) if article.pk else set()
        for name in DRAFTED_FIELDS:
            if name in keep or name in _MANY:
                continue
            if name in {"country", "sector", "edition"}:
                setattr(article, f"{name}_id", getattr(draft, f"{name}_id"))
            else:
                setattr(article, name, getattr(draft, name))
        if "country" in keep and "edition" not in keep:
            article.edition_id = edition_slug_for(article.country)
        article.agencies = draft.agencies
        article.created_at = story.created_at
        article.updated_at = story.updated_at
        if article.status == Article.Status.DRAFT and auto_publish_allowed(draft):
            article.publish()
            log.info("auto-published article for story %s", story.pk)
        article.save()
        for name in _MANY - keep:
            getattr(article, name).set(getattr(draft, name).all())
    return article
