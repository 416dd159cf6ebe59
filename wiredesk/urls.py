from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.static import serve

from wiredesk.distribution.views import feed_index
from wiredesk.reader.cache import public_page


def media(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded file, from MEDIA_ROOT as configured when the request comes.

    Uploads share the site's origin, so nothing served from here may run: a
    sandbox policy on every file, and anything but an image is a download.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    if not response.get("Content-Type", "").startswith(
        ("image/png", "image/jpeg", "image/gif", "image/webp")
    ):
        response["Content-Disposition"] = "attachment"
    return response


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """/favicon.ico, which browsers ask for on pages without an icon link (the
    admin's, a feed's): the site's SVG icon."""
    return HttpResponseRedirect(static("reader/favicon.svg"))


admin.site.site_header = "wiredesk desk"
admin.site.site_title = "wiredesk desk"

urlpatterns = [
    # Uploads served by Django for a one-process install; docs/serving.md has nginx
    # serve /media/ directly in production.
    re_path(r"^media/(?P<path>.+)$", media, name="media"),
    path("favicon.ico", favicon),
    path("desk/admin/", admin.site.urls),
    path("desk/", include("wiredesk.desk.urls")),
    # Audience before the reader: the reader's footer pages take any other
    # "<slug>/" ("feedback/", "newsletter/" must be matched first). The reader
    # before distribution, whose routes all end in a file name and so never meet
    # the reader's: an article is found sixteen patterns sooner.
    path("", include("wiredesk.audience.urls")),
    # The page listing the feeds (distribution), before the reader's "<slug>/".
    path("feeds/", public_page(feed_index), name="feeds"),
    path("", include("wiredesk.reader.urls")),
    path("", include("wiredesk.distribution.urls")),
]
