"""Project-wide middleware."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, get_script_prefix
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty

from wiredesk.paths import remembered_reverse


class LazyMessageMiddleware(MessageMiddleware):
    """Django's ``MessageMiddleware`` with the storage built on first use.

    Only the desk shows or adds messages; the public pages never touch them, and
    building the storage (two backends, settings and an import look-up) on each of
    their requests cost about 2% of an uncached article page. A storage never
    built holds nothing to save, so the response is left as it is.
    """

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        stored = getattr(request, "_messages", None)
        if isinstance(stored, SimpleLazyObject) and stored._wrapped is empty:
            return response
        return super().process_response(request, response)


class DeskTimeZoneMiddleware:
    """The desk and its admin (everything under /desk/) run in the site's time zone.

    Django shows and reads times in the current time zone, UTC by default (the
    database's zone): the admin showed "10:36 p.m." for what the desk, readers'
    pages and feeds call 04:06 IST. Activated per request, as Django's time zone
    documentation does it; the public pages format times themselves
    (``reader.jinja.site_time``) and are left alone.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    @staticmethod
    def _desk_path() -> str:
        """The desk's path as ``path_info`` has it (without the script prefix,
        e.g. "/desk/" under SCRIPT_NAME "/sub"), or "" where the URLconf has no
        desk. Read for each request: the reverse is remembered per script prefix
        and URLconf (``paths.remembered_reverse``), never across them."""
        try:
            path = remembered_reverse("desk:home")
        except NoReverseMatch:  # a URLconf without the desk
            return ""
        prefix = get_script_prefix()
        return "/" + path[len(prefix) :] if path.startswith(prefix) else path

    def __call__(self, request: HttpRequest) -> HttpResponse:
        desk = self._desk_path()
        if not desk or not request.path_info.startswith(desk):
            return self.get_response(request)
        with timezone.override(ZoneInfo(settings.SITE_TIME_ZONE)):
            return self.get_response(request)
