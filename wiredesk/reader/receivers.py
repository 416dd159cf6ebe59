"""What the reader does when the desk acts: re-index the article, purge pages.

Connected in ``ReaderConfig.ready()``. Saves through ``QuerySet.update()`` send no
signal: code that changes published articles that way calls ``cache.purge()``
(reader-side code) or saves each article.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from wiredesk.desk.models import Article, Author, Brief, HomePin, Page
from wiredesk.reader import menus
from wiredesk.reader.cache import purge
from wiredesk.reader.search.index import index_article
from wiredesk.taxonomy.models import Edition, Sector


def _was_visible(sender, instance: Article, **kwargs) -> None:
    """Remember whether cached pages may show the article before this save.

    Published and live, whatever its expiry: an article whose expiry has passed is
    still on the pages cached before, until the scheduler takes it down.
    """
    instance._reader_was_visible = bool(instance.pk) and (
        Article.objects.filter(
            pk=instance.pk, status=Article.Status.PUBLISHED, live=True
        ).exists()
    )


def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    index_article(instance)
    visible = Article.objects.published().filter(pk=instance.pk).exists()
    if visible or getattr(instance, "_reader_was_visible", False):
        purge()


def _article_deleted(sender, instance: Article, **kwargs) -> None:
    purge()


def _article_labels_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        purge()


def _shown_everywhere(sender, **kwargs) -> None:
    """Pins, briefs, pages, authors, sectors, editions: on many pages at once."""
    if not kwargs.get("raw"):
        menus.snapshot.forget()
        purge()


def connect() -> None:
    pre_save.connect(_was_visible, sender=Article, dispatch_uid="reader-was-visible")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="reader-article")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="reader-del")
    for through in (
        Article.countries.through,
        Article.secondary_sectors.through,
        Article.editions.through,
    ):
        m2m_changed.connect(
            _article_labels_changed, sender=through, dispatch_uid=f"reader-{through}"
        )
    for model in (HomePin, Brief, Page, Author, Sector, Edition):
        for signal in (post_save, post_delete):
            signal.connect(
                _shown_everywhere,
                sender=model,
                dispatch_uid=f"reader-{model.__name__}-{signal is post_save}",
            )
