from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wiredesk.desk import revisions
from wiredesk.desk.forms import desk_time, zone_label
from wiredesk.desk.models import AuditLog
from wiredesk.desk.views.access import desk_required

LABELS = {"lock_version": "Version"}


def _shown(name: str, value: Any) -> Any:
    """A logged value as the editor reads it: a go-live or expiry time (stored as
    UTC ISO text) as the desk writes times (``desk_time``); nothing as "–"
    (a false or zero value stays as it is)."""
    if value == "" or value == []:
        return "–"
    if name in revisions.TIME_FIELDS and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None and timezone.is_aware(moment):
            return desk_time(moment)
    return value


def changes(entry: AuditLog) -> list[tuple[str, Any, Any]]:
    """(label, before, after) of each field the entry's action changed."""
    before, after = entry.before or {}, entry.after or {}
    return [
        (
            LABELS.get(name) or revisions.label(name),
            _shown(name, before[name]),
            _shown(name, value),
        )
        for name, value in after.items()
        if name in before and before[name] != value
    ]


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
    for entry in page:
        entry.changes = changes(entry)
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
