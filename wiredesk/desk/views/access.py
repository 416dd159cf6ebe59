"""Who may see the desk, and links the desk shows but other apps serve."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

from wiredesk.desk.models import Article


def desk_required(perm: str = "desk.view_article") -> Callable:
    """Signed-in staff with ``perm``; others go to the desk sign-in page.

    The view runs in the site's time zone (SITE_TIME_ZONE), as readers see times,
    activated for every request under the desk's address by
    ``middleware.DeskTimeZoneMiddleware``: a time an editor types ("10:00" to go
    live) means site time, and stored times are shown back in it, each labelled
    with the zone (forms.ZonedDateTimeInput).
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("desk:login"))
            if not request.user.has_perm(perm):
                raise PermissionDenied(f"you need the {perm} permission")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def preview_url(article: Article) -> str:
    """The reader's staff-only preview of the article, exactly as readers see it.

    The reader app serves it; the desk links by name and falls back to the path
    while that URL does not exist yet (the desk may not import the reader).
    """
    try:
        return reverse("reader:article-preview", kwargs={"pk": article.pk})
    except NoReverseMatch:
        return f"/news/{article.pk}/preview/"


def public_url(article: Article) -> str:
    try:
        return article.get_absolute_url()
    except NoReverseMatch:
        return f"/news/{article.pk}/{article.slug}/"
