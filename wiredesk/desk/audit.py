"""The audit log: one row per workflow action, with the state before and after."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from wiredesk.desk.models import Article, AuditLog

# What an article's audit entry records: the workflow state, not the text (the
# text is in its revisions).
ARTICLE_STATE = (
    "status",
    "live",
    "headline",
    "go_live_at",
    "expire_at",
    "attention",
    "correction_note",
    "lock_version",
)


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it: a file by its name (an author's photo), a
    time in ISO form, a row by its id, anything else unknown as text."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def state(obj: models.Model) -> dict[str, Any]:
    """The fields of ``obj`` worth keeping in the log, as JSON-ready values."""
    if isinstance(obj, Article):
        names = ARTICLE_STATE
    else:
        names = [
            f.attname
            for f in obj._meta.concrete_fields
            if not f.primary_key and f.attname not in {"body_html", "snapshot"}
        ]
    return {name: _plain(getattr(obj, name)) for name in names}


def record(
    user,
    action: str,
    target: models.Model,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditLog:
    """Write one entry; ``user`` None means the system (scheduler, agency update)."""
    user = user if user is not None and user.is_authenticated else None
    return AuditLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        target_type=target._meta.model_name,
        target_id=target.pk,
        target_repr=str(target)[:200],
        before=before or {},
        after=after if after is not None else state(target),
        note=note,
    )
