"""Times as readers see them: in SITE_TIME_ZONE, with the zone's abbreviation."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings

register = template.Library()


def site_time(value: datetime | None, zone: str | None = None) -> str:
    """'05-02-2026 06:25 IST' for an aware UTC datetime."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(zone or settings.SITE_TIME_ZONE))
    return f"{local:%d-%m-%Y %H:%M} {local.tzname()}"


register.filter("sitetime", site_time)


@register.filter
def isotime(value: datetime | None) -> str:
    return value.isoformat() if value else ""
