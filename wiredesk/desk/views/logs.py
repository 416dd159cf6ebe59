from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wiredesk.desk.forms import zone_label
from wiredesk.desk.models import AuditLog
from wiredesk.desk.views.access import desk_required


@desk_required("desk.view_auditlog")
def audit_log(request: HttpRequest) -> HttpResponse:
    """Every workflow action: who, what, when, before and after; filterable."""
    entries = AuditLog.objects.all()
    filters = {
        "action": request.GET.get("action", ""),
        "user": request.GET.get("user", ""),
        "type": request.GET.get("type", ""),
        "id": request.GET.get("id", ""),
    }
    if filters["action"]:
        entries = entries.filter(action=filters["action"])
    if filters["user"]:
        entries = entries.filter(username=filters["user"])
    if filters["type"]:
        entries = entries.filter(target_type=filters["type"])
    if filters["id"].isascii() and filters["id"].isdigit():
        entries = entries.filter(target_id=int(filters["id"]))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    actions = AuditLog.objects.order_by("action").values_list("action", flat=True)
    return render(
        request,
        "desk/audit.html",
        {
            "page": page,
            "filters": filters,
            "actions": actions.distinct(),
            "zone": zone_label(),
        },
    )
