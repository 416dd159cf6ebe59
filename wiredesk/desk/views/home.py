from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wiredesk.desk import dashboard, queue, roles
from wiredesk.desk.views.access import desk_required


@desk_required()
def home(request: HttpRequest) -> HttpResponse:
    """The desk home: queue counts, charts of what came in and went out, sources."""
    context = {
        "counts": queue.count_links(),
        "charts": [
            dashboard.ingested_per_hour(),
            dashboard.ingested_per_day(),
            dashboard.published_per_day(),
        ],
        "sources": dashboard.source_health(),
        "errors": dashboard.recent_errors(),
        "role": roles.role_of(request.user),
    }
    return render(request, "desk/home.html", context)
