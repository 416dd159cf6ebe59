"""Background tasks of ingest (Django's task API through django-tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from wiredesk.ingest import pipeline
from wiredesk.ingest.models import Source


@task()
def fetch_source(source_id: int) -> dict[str, object]:
    source = Source.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return {"skipped": "source missing or disabled"}
    run = pipeline.fetch_source(source)
    return {"outcome": run.outcome, "new": run.items_new, "updated": run.items_updated}


def enqueue_due_sources() -> int:
    """Claim due sources (pushing their next poll out) and enqueue their fetches.

    The claim moves next_fetch_at forward first, so a scheduler tick that comes
    before the fetch finishes does not enqueue the same source twice.
    """
    count = 0
    with transaction.atomic():
        due = list(Source.objects.due().select_for_update(skip_locked=True))
        for source in due:
            source.next_fetch_at = timezone.now() + timedelta(
                seconds=max(source.poll_interval, 60)
            )
            source.save(update_fields=["next_fetch_at"])
            transaction.on_commit(lambda pk=source.pk: fetch_source.enqueue(pk))
            count += 1
    return count
