"""Restarting the demo on the database it kept stores nothing new: its copy names
weekdays, and a wire service that dated its items from its own start re-sent them
a day later with other weekdays, which ingest stored as new versions (updates,
redrafts and moved Updated times on the desk)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wiredesk.demo import content
from wiredesk.demo.setup import register_sources
from wiredesk.demo.wire_server import WireService
from wiredesk.ingest.models import Source, WireItem
from wiredesk.ingest.pipeline import fetch_source

THURSDAY_NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def start_and_fetch(clock: datetime, run_for: float = 0.0) -> WireService:
    """Start the demo wire as ``wiredesk demo`` does at ``clock``, fetch every
    agency at once and, with ``run_for``, again that many seconds into the
    service's timeline (30: after the agency's update); then stop it."""
    service = WireService()
    service.clock = clock
    service.start()
    try:
        sources = register_sources(service)
        for source in sources:
            fetch_source(Source.objects.get(pk=source.pk))
        if run_for:
            service.started -= run_for  # as if run_for seconds had passed
            for source in sources:
                fetch_source(Source.objects.get(pk=source.pk))
    finally:
        service.stop()
    return service


def stored() -> list[tuple]:
    return list(
        WireItem.objects.order_by("guid", "version").values_list(
            "guid", "version", "headline", "body_text", "published", "updated"
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("later", [timedelta(days=1, hours=5), timedelta(minutes=3)])
def test_a_restart_on_the_same_database_stores_nothing_new(settings, later):
    """A first run that saw the update, then a restart (a day later at another
    hour, or minutes later): no new item nor version, and the items keep their
    text and times."""
    settings.SITE_TIME_ZONE = "UTC"
    start_and_fetch(THURSDAY_NOON, run_for=30)
    before = stored()
    assert [v for _, v, *_ in before].count(2) == 1  # the demo's one UPDATE

    # The update is not undone either: a timeline started again would send the
    # updated item's first version as its current one.
    restart = start_and_fetch(THURSDAY_NOON + later)

    assert stored() == before
    assert restart.clock == THURSDAY_NOON


@pytest.mark.django_db
def test_a_resumed_restart_sends_the_weekdays_of_the_first_start(settings):
    """The restart's copy still names the weekday of each item's own time."""
    settings.SITE_TIME_ZONE = "UTC"
    start_and_fetch(THURSDAY_NOON)
    start_and_fetch(THURSDAY_NOON + timedelta(days=1))
    item = WireItem.objects.get(guid="urn:meridian:2026:0001")
    assert "Ghana on Thursday signed" in item.body_text
    assert f"{item.published:%A}" == "Thursday"


@pytest.mark.django_db
def test_a_first_start_dates_from_its_own_clock(settings):
    """A database without the demo's items is dated from the start itself."""
    settings.SITE_TIME_ZONE = "UTC"
    friday = THURSDAY_NOON + timedelta(days=1)
    service = start_and_fetch(friday)
    assert service.clock == friday
    ghana = next(i for i in content.ITEMS if i.guid == "urn:meridian:2026:0001")
    item = WireItem.objects.get(guid=ghana.guid)
    assert item.published == ghana.versions[0].at(friday)
    assert "Ghana on Friday signed" in item.body_text
