"""Register the demo agencies as sources of a running wire service."""

from __future__ import annotations

from django.utils import timezone

from wiredesk.demo import content
from wiredesk.demo.content import AGENCIES
from wiredesk.demo.wire_server import WireService
from wiredesk.ingest.models import Source

POLL_EVERY = 15


def register_sources(service: WireService) -> list[Source]:
    """Create or re-point the three demo sources; all due for a fetch at once.

    The copy is dated from the service's clock, as its items are, so a weekday in
    the text is the one of the item's own time."""
    content.use_clock(service.clock)
    sources = []
    for priority, agency in enumerate(AGENCIES, start=1):
        source, _ = Source.objects.update_or_create(
            slug=f"demo-{agency.slug}",
            defaults={
                "name": f"{agency.name} (demo)",
                "agency": agency.name,
                "url": service.feed_url(agency),
                "format": agency.feed_format,
                "poll_interval": POLL_EVERY,
                "auto_publish": True,
                "allow_private": True,  # the demo wire service runs on loopback
                "priority": priority * 10,
                "enabled": True,
                "next_fetch_at": timezone.now(),
                "etag": "",
                "last_modified": "",
            },
        )
        sources.append(source)
    return sources
