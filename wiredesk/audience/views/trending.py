"""The page-view beacon: a tiny request an article page makes after it loads.

It works on fully cached pages because the count happens here, not in the page.
It neither reads nor sets cookies (the script sends none), and answers with
no-store so no cache ever answers it in our place. Views are counted up to
BEACONS_PER_IP per client address and hour (a visitor is address plus
User-Agent, so one address could otherwise pose as any number of visitors);
beyond that the beacon still answers but counts nothing.
"""

from __future__ import annotations

import base64

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from wiredesk.audience import ratelimits, trending
from wiredesk.audience.beacons import article_id_of
from wiredesk.audience.clients import client_address, is_bot

# A transparent 1×1 GIF, for the <noscript> image.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@csrf_exempt
def beacon(request: HttpRequest, token: str) -> HttpResponse:
    if request.method not in ("POST", "GET"):
        return HttpResponseNotAllowed(["POST", "GET"])
    article_id = article_id_of(token)
    if article_id is None:
        response = HttpResponse(status=404)
    else:
        agent = request.META.get("HTTP_USER_AGENT", "")
        if not is_bot(agent) and not ratelimits.over_view_limit(request):
            trending.record_view(article_id, client_address(request), agent)
        if request.method == "GET":
            response = HttpResponse(PIXEL, content_type="image/gif")
        else:
            response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
