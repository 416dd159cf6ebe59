"""Sending a digest through SMTP (Django's mail backend), exactly once per subscriber.

Protocol, per digest:

1. A sender takes the digest's lease (one sender at a time; a dead sender's lease
   runs out, so a crash is resumed by the next scheduler tick).
2. Subscribers are read in pk order in batches (keyset pages, never all at once),
   leaving out those whose send log row for this digest is already sent or failed.
3. Each batch is claimed in the send log (unique on digest and subscriber), then
   sent one mail at a time over one SMTP connection; each mail's row is marked sent
   as soon as the server accepts it.

So a restart never mails a subscriber whose row says sent, and never skips one
whose row does not. The one window left is a crash after the server accepted a
mail and before its row was written: that mail is sent again, with the same
Message-ID, which lets receiving systems drop the copy.

Temporary failures (4xx replies, refused or dropped connections, timeouts) are
retried with exponential backoff on a fresh connection; when they outlast the
retries the run stops and the digest resumes later. A 5xx refusal of a recipient
is final for that mail and counts as a hard bounce.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import get_connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from wiredesk.audience.models import Digest, DigestSettings, SendLog, Subscriber
from wiredesk.audience.newsletter import bounces
from wiredesk.audience.newsletter.digests import recipients
from wiredesk.audience.newsletter.messages import DigestMail

log = logging.getLogger("wiredesk.audience.newsletter")

BATCH_SIZE = 500
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0)  # seconds before each retry
LEASE_SECONDS = 300
RETRY_LATER_SECONDS = 60  # after retries ran out, the digest waits this long


class SendInterrupted(Exception):
    """Temporary SMTP failures outlasted the retries; the digest resumes later."""


@dataclass
class SendReport:
    digest_id: int
    sent: int = 0
    failed: int = 0
    finished: bool = False
    busy: bool = False  # another sender holds the digest
    interrupted: str = ""


def _take_lease(digest_id: int, holder: str, seconds: float) -> bool:
    now = timezone.now()
    return bool(
        Digest.objects.filter(pk=digest_id, status=Digest.Status.SENDING)
        .filter(
            Q(lease_until__isnull=True)
            | Q(lease_until__lt=now)
            | Q(lease_holder=holder)
        )
        .update(lease_until=now + timedelta(seconds=seconds), lease_holder=holder)
    )


def pending(digest: Digest):
    """Recipients with no sent or failed row for this digest yet."""
    done = SendLog.objects.filter(
        digest=digest,
        subscriber=OuterRef("pk"),
        status__in=[SendLog.Status.SENT, SendLog.Status.FAILED],
    )
    return recipients(digest).filter(~Exists(done))


def _close(connection) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        connection.connection = None


def deliver(connection, message, delays: Sequence[float]) -> tuple[str, str]:
    """Hand one message to the server: ("sent", "") or ("failed", reason) when the
    server refused it for good; raises SendInterrupted after the retries."""
    attempt = 0
    while True:
        try:
            if connection.connection is None:
                connection.open()
            if connection.send_messages([message]):
                return "sent", ""
            error: Exception = smtplib.SMTPServerDisconnected("message not sent")
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            if not 400 <= code < 500:
                return "failed", f"{code} {text.decode(errors='replace')}"
            error = exc
        except smtplib.SMTPResponseException as exc:
            if not 400 <= exc.smtp_code < 500:
                reason = exc.smtp_error
                if isinstance(reason, bytes):
                    reason = reason.decode(errors="replace")
                return "failed", f"{exc.smtp_code} {reason}"
            error = exc
        except (smtplib.SMTPException, OSError) as exc:
            error = exc  # dropped or refused connection, timeout
        _close(connection)
        if attempt >= len(delays):
            raise SendInterrupted(f"{type(error).__name__}: {error}") from error
        log.warning(
            "temporary SMTP failure (%s), retry %d in %.1fs",
            error,
            attempt + 1,
            delays[attempt],
        )
        time.sleep(delays[attempt])
        attempt += 1


def send_digest(
    digest_id: int,
    *,
    batch_size: int = BATCH_SIZE,
    retry_delays: Sequence[float] = RETRY_DELAYS,
    max_messages: int | None = None,
    lease_seconds: float = LEASE_SECONDS,
    on_sent: Callable[[int], None] | None = None,
) -> SendReport:
    """Send (or resume) one digest; see the module docstring for the guarantees.

    ``max_messages`` ends the run after that many mails (a budget per run; the
    rest is sent by the next run, exactly as after a crash).
    """
    report = SendReport(digest_id)
    holder = secrets.token_hex(8)
    if not _take_lease(digest_id, holder, lease_seconds):
        report.busy = True
        return report
    digest = Digest.objects.select_related("edition").get(pk=digest_id)
    config = DigestSettings.objects.filter(edition=digest.edition_id).first()
    content = DigestMail(digest, config.latest_count if config else 10)
    connection = get_connection(fail_silently=False)
    finished = content.empty
    try:
        last_pk = 0
        while not finished:
            if not _take_lease(digest_id, holder, lease_seconds):
                report.busy = True  # our lease ran out and another sender took it
                break
            chunk = list(
                pending(digest).filter(pk__gt=last_pk).order_by("pk")[:batch_size]
            )
            if not chunk:
                finished = True
                break
            last_pk = chunk[-1].pk
            ids = [s.pk for s in chunk]
            SendLog.objects.bulk_create(
                [SendLog(digest=digest, subscriber_id=pk) for pk in ids],
                ignore_conflicts=True,
                batch_size=batch_size,
            )
            rows = dict(
                SendLog.objects.filter(
                    digest=digest, subscriber_id__in=ids
                ).values_list("subscriber_id", "pk")
            )
            interests: dict[int, set[str]] = defaultdict(set)
            for sub_id, sector in Subscriber.sectors.through.objects.filter(
                subscriber_id__in=ids
            ).values_list("subscriber_id", "sector_id"):
                interests[sub_id].add(sector)
            for subscriber in chunk:
                message = content.message(
                    subscriber, frozenset(interests.get(subscriber.pk, ()))
                )
                message.connection = connection
                outcome, reason = deliver(connection, message, retry_delays)
                row = SendLog.objects.filter(pk=rows[subscriber.pk])
                if outcome == "sent":
                    row.update(
                        status=SendLog.Status.SENT,
                        sent_at=timezone.now(),
                        attempts=F("attempts") + 1,
                    )
                    report.sent += 1
                    if on_sent:
                        on_sent(subscriber.pk)
                else:
                    row.update(
                        status=SendLog.Status.FAILED,
                        error=reason[:300],
                        attempts=F("attempts") + 1,
                    )
                    bounces.record(
                        bounces.BounceReport(subscriber.email, "hard", reason)
                    )
                    report.failed += 1
                budget_spent = max_messages is not None and (
                    report.sent + report.failed >= max_messages
                )
                if budget_spent:
                    break
            else:
                continue
            break  # the budget of this run is spent
    except SendInterrupted as exc:
        report.interrupted = str(exc)
        log.warning("digest %s interrupted: %s", digest_id, exc)
        Digest.objects.filter(pk=digest_id, lease_holder=holder).update(
            lease_until=timezone.now() + timedelta(seconds=RETRY_LATER_SECONDS)
        )
        return report
    finally:
        _close(connection)
    mine = Digest.objects.filter(pk=digest_id, lease_holder=holder)
    if finished:
        mine.update(
            status=Digest.Status.SENT,
            finished_at=timezone.now(),
            lease_until=None,
            lease_holder="",
        )
        report.finished = True
    else:
        mine.update(lease_until=None, lease_holder="")
    return report
