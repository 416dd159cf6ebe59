"""Background tasks of the audience app (Django's task API through django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def mail_feedback(feedback_id: int) -> bool:
    """Mail a reader's feedback to DESK_EMAIL (when set)."""
    from wiredesk.audience import mail

    return mail.send_feedback(feedback_id)


@task()
def recompute_trending() -> int:
    """Rank the TRENDING lists again from the last hours' page views."""
    from wiredesk.audience import trending

    return len(trending.recompute()[trending.GLOBAL])


def enqueue_trending() -> None:
    """Periodic job: the scheduler only enqueues; a worker recomputes."""
    recompute_trending.enqueue()


@task()
def mail_subscriber(subscriber_id: int, kind: str) -> bool:
    """Send a confirmation ("confirm") or a you-are-subscribed note ("already")."""
    from wiredesk.audience import mail

    return mail.send_to_subscriber(subscriber_id, kind)


@task()
def send_due_digests() -> list[dict]:
    """Make the digests that are due and send (or resume) every unfinished one."""
    from dataclasses import asdict

    from wiredesk.audience.newsletter import digests, sending

    return [asdict(sending.send_digest(d.pk)) for d in digests.due_digests()]


def enqueue_digests() -> None:
    """Periodic job: the scheduler only enqueues; a worker sends."""
    send_due_digests.enqueue()
