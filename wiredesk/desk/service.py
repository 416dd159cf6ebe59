"""From a draft to an article, and the rules that publish without review."""

from __future__ import annotations

import logging

from django.db import transaction

from wiredesk.desk.models import Article
from wiredesk.drafting.models import Draft
from wiredesk.ingest.models import Source

log = logging.getLogger(__name__)


def auto_publish_allowed(draft: Draft) -> bool:
    """A story is published without review when its primary source's rule says so."""
    primary = draft.story.primary_item
    return bool(
        primary
        and Source.objects.filter(pk=primary.source_id, auto_publish=True).exists()
    )


def apply_draft(draft: Draft) -> Article:
    """Create the story's article, or bring it up to date with the new draft.

    An article an editor has changed keeps the editor's text; agency updates to it
    wait for the desk (the desk issue adds the review of such updates).
    """
    story = draft.story
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(story=story).first()
        if article is not None and article.desk_edited:
            return article
        article = article or Article(story=story)
        article.headline = draft.headline
        article.standfirst = draft.standfirst
        article.body_html = draft.body_html
        article.dateline = draft.dateline
        article.country = draft.country
        article.edition = draft.edition
        article.sector = draft.sector
        article.agencies = draft.agencies
        article.created_at = story.created_at
        article.updated_at = story.updated_at
        if article.status == Article.Status.DRAFT and auto_publish_allowed(draft):
            article.publish()
            log.info("auto-published article for story %s", story.pk)
        article.save()
        article.countries.set(draft.countries.all())
    return article
