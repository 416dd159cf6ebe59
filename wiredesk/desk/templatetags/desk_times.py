"""Times on the desk's pages as the public pages write them: '28-11-2026 07:10 IST'."""

from __future__ import annotations

from datetime import datetime

from django import template

from wiredesk.desk.forms import desk_time

register = template.Library()


@register.filter
def desktime(value: datetime | None) -> str:
    """A stored time in the desk's format and zone (the site's, under /desk/)."""
    return desk_time(value) if isinstance(value, datetime) else ""
