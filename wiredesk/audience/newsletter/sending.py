"""Sending a digest through SMTP (Django's mail backend), exactly once per subscriber.

Protocol, per digest:

1. A sender takes the digest's lease (one sender at a time; a dead sender's lease
   runs out, so a crash is resumed by the next scheduler tick).
2. Subscribers are read in pk order in pages (keyset pages, never all at once),
   leaving out those whose send log row for this digest is already sent or failed
   (``next_page``).
   Each page is claimed in the send log (unique on digest and subscriber): its
   rows are moved to this sender (``holder``), and only the rows it moved are
   sent by it, so two senders never send the same row.
3. The page goes out in rounds of at most ``window`` mails, split over
   ``connections`` SMTP connections kept open for the whole run (one thread each;
   the threads only talk SMTP, every database write is made by the calling
   thread). Before a round its rows are marked ``sending`` in one UPDATE; after
   it, the accepted ones are marked ``sent`` in one UPDATE, refused ones
   ``failed``, and those never tried go back to ``claimed``. This also happens
   when the round ends by an exception (a worker stopped, Ctrl-C), so only a
   process killed outright leaves rows in ``sending``.

The lease is renewed before every round and, while a round is out, every third
of the lease; a sender that finds it lost (its lease ran out and another sender
took it) stops after the mail each connection is handing over. ``sending`` rows
of another holder are taken over only by the sender holding the lease, that is
after their sender stopped renewing it.

So a restart never mails a subscriber whose row says sent, and never skips one
whose row does not. Rows left ``sending`` are the only uncertain ones: the server
may have accepted them before the process died. They are sent again, with the same
Message-ID (``digest-<digest>-<subscriber>@site``), which lets receiving systems
drop the copy. The window is thus one round (``window`` mails, 40 by default)
after a hard kill, against one mail when every mail was recorded on its own; the
price of that was a database commit per mail.

Temporary failures (4xx replies, refused or dropped connections, timeouts) are
retried with exponential backoff on a fresh connection; when they outlast the
retries the run stops and the digest resumes later. A 5xx refusal of a recipient
is final for that mail and counts as a hard bounce.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db.models import F, Q
from django.utils import timezone

from wiredesk.audience.models import Digest, DigestSettings, SendLog, Subscriber
from wiredesk.audience.newsletter import bounces
from wiredesk.audience.newsletter.digests import recipients
from wiredesk.audience.newsletter.messages import DigestMail

log = logging.getLogger("wiredesk.audience.newsletter")

BATCH_SIZE = 500  # subscribers read and claimed per page
WINDOW = 40  # mails per round: at most this many are uncertain after a hard kill
CONNECTIONS = 4  # SMTP connections (threads) per run
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


def next_page(digest: Digest, after_pk: int, size: int) -> tuple[list, int]:
    """The next page of recipients after ``after_pk`` without a sent or failed row
    for this digest, and the last pk read (0 when there are no more recipients).

    Two index-driven queries (subscribers by pk; send log rows by the unique
    (digest, subscriber) index) rather than one NOT EXISTS: with statistics
    taken before the send log grew, PostgreSQL ran that anti-join as a nested
    loop over the whole log, 5 to 6 s a page at 10,000 subscribers.
    """
    chunk = list(recipients(digest).filter(pk__gt=after_pk).order_by("pk")[:size])
    if not chunk:
        return [], 0
    done = set(
        SendLog.objects.filter(
            digest=digest,
            subscriber_id__in=[s.pk for s in chunk],
            status__in=[SendLog.Status.SENT, SendLog.Status.FAILED],
        ).values_list("subscriber_id", flat=True)
    )
    return [s for s in chunk if s.pk not in done], chunk[-1].pk


def _close(connection) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        connection.connection = None  # SMTP backend: open afresh next time


@dataclass
class Outgoing:
    """One mail of a round and, once tried, what became of it."""

    row: int  # SendLog pk
    subscriber: Subscriber
    sectors: frozenset[str]
    outcome: str = ""  # "", "sent" or "failed"
    reason: str = ""


def _hand_over(connection, content: DigestMail, item: Outgoing) -> bool:
    """Give one mail to the server; True when it was accepted."""
    if isinstance(connection, SMTPBackend):
        if connection.connection is None:
            connection.open()
        # One bytes substitution per mail instead of Django's MIME building.
        mail = content.envelope(item.subscriber, item.sectors)
        connection.connection.sendmail(mail.sender, [mail.recipient], mail.data)
        return True
    message = content.message(item.subscriber, item.sectors)
    message.connection = connection
    return bool(connection.send_messages([message]))


def deliver(
    connection, send: Callable[[], bool], delays: Sequence[float]
) -> tuple[str, str]:
    """Hand one message to the server: ("sent", "") or ("failed", reason) when the
    server refused it for good; raises SendInterrupted after the retries."""
    attempt = 0
    while True:
        try:
            if send():
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


@dataclass
class _Lane:
    """One SMTP connection and the part of a round it sends."""

    connection: object
    items: list[Outgoing]
    error: BaseException | None = None
    handing_over: Outgoing | None = None  # the mail whose fate is unknown


def _send_lane(
    lane: _Lane,
    content: DigestMail,
    delays: Sequence[float],
    on_sent: Callable[[int], None] | None,
    stop: threading.Event,
) -> None:
    """Send a lane's mails in turn; runs in a worker thread, touches no database."""
    try:
        for item in lane.items:
            if stop.is_set():
                return
            lane.handing_over = item
            item.outcome, item.reason = deliver(
                lane.connection,
                lambda: _hand_over(lane.connection, content, item),  # noqa: B023
                delays,
            )
            lane.handing_over = None
            if item.outcome == "sent" and on_sent:
                on_sent(item.subscriber.pk)
    except BaseException as exc:  # handed back to the calling thread
        lane.error = exc


def _send_round(
    round_: list[Outgoing],
    connections: list,
    pool: ThreadPoolExecutor,
    content: DigestMail,
    delays: Sequence[float],
    on_sent: Callable[[int], None] | None,
    report: SendReport,
    holder: str,
    renew: Callable[[], bool],
    renew_every: float,
) -> bool:
    """Mark a round's rows still held by ``holder`` sending, send those over the
    connections while renewing the lease, record the outcomes (also when it ends
    by an exception), then raise the first lane's error. False when the lease
    was lost during the round."""
    rows = [item.row for item in round_]
    SendLog.objects.filter(
        pk__in=rows, holder=holder, status=SendLog.Status.CLAIMED
    ).update(status=SendLog.Status.SENDING, attempts=F("attempts") + 1)
    # Update, then read back: a row another sender moved is not ours to send.
    mine = set(
        SendLog.objects.filter(
            pk__in=rows, holder=holder, status=SendLog.Status.SENDING
        ).values_list("pk", flat=True)
    )
    round_ = [item for item in round_ if item.row in mine]
    if not round_:
        return True
    share = -(-len(round_) // len(connections))  # ceiling
    lanes = [
        _Lane(connection, round_[n * share : (n + 1) * share])
        for n, connection in enumerate(connections)
        if round_[n * share : (n + 1) * share]
    ]
    stop = threading.Event()
    futures = [
        pool.submit(_send_lane, lane, content, delays, on_sent, stop) for lane in lanes
    ]
    held = True
    try:
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=renew_every)
            if pending and held and not renew():
                held = False  # another sender took the digest: stop sending
                stop.set()
    finally:
        stop.set()  # after an interrupt here, lanes finish their current mail
        wait(futures)
        _record(lanes, report, holder)
    for lane in lanes:
        if lane.error is not None:
            raise lane.error
    return held


def _record(lanes: list[_Lane], report: SendReport, holder: str) -> None:
    """Write a round's outcomes: sent in one UPDATE, failed one by one (rare),
    untried back to claimed."""
    round_ = [item for lane in lanes for item in lane.items]
    sent = [i.row for i in round_ if i.outcome == "sent"]
    if sent:
        SendLog.objects.filter(pk__in=sent).update(
            status=SendLog.Status.SENT, sent_at=timezone.now()
        )
        report.sent += len(sent)
    for item in round_:
        if item.outcome == "failed":
            SendLog.objects.filter(pk=item.row).update(
                status=SendLog.Status.FAILED, error=item.reason[:300]
            )
            bounces.record(
                bounces.BounceReport(item.subscriber.email, "hard", item.reason)
            )
            report.failed += 1
    # The mail a lane was handing over when it stopped stays "sending" (the
    # server may have it); those after it were never handed over.
    untried = [
        item.row
        for lane in lanes
        for item in lane.items
        if not item.outcome and item is not lane.handing_over
    ]
    if untried:
        SendLog.objects.filter(pk__in=untried, holder=holder).update(
            status=SendLog.Status.CLAIMED
        )


def send_digest(
    digest_id: int,
    *,
    batch_size: int = BATCH_SIZE,
    window: int = WINDOW,
    connections: int = CONNECTIONS,
    retry_delays: Sequence[float] = RETRY_DELAYS,
    max_messages: int | None = None,
    lease_seconds: float = LEASE_SECONDS,
    on_sent: Callable[[int], None] | None = None,
) -> SendReport:
    """Send (or resume) one digest; see the module docstring for the guarantees.

    ``max_messages`` ends the run after that many mails (a budget per run; the
    rest is sent by the next run, exactly as after a crash). ``on_sent`` is
    called with the subscriber's pk after each accepted mail, from the thread
    of its connection.
    """
    report = SendReport(digest_id)
    holder = secrets.token_hex(8)

    def renew() -> bool:
        """Extend our lease; False (and busy) once another sender holds it."""
        if _take_lease(digest_id, holder, lease_seconds):
            return True
        report.busy = True
        return False

    if not renew():
        return report
    digest = Digest.objects.select_related("edition").get(pk=digest_id)
    config = DigestSettings.objects.filter(edition=digest.edition_id).first()
    content = DigestMail(digest, config.latest_count if config else 10)
    lanes_open = [
        get_connection(fail_silently=False) for _ in range(max(1, connections))
    ]
    pool = ThreadPoolExecutor(len(lanes_open), thread_name_prefix="digest-smtp")
    finished = content.empty
    try:
        last_pk = 0
        while not finished and not _budget_spent(report, max_messages):
            if not renew():
                break  # our lease ran out and another sender took it
            chunk, last_pk = next_page(digest, last_pk, batch_size)
            if not last_pk:
                finished = True
                break
            if not chunk:
                continue  # a page sent before a restart
            page = _claim(digest, chunk, holder)
            while page and not _budget_spent(report, max_messages):
                if not renew():
                    break
                size = window
                if max_messages is not None:
                    size = min(size, max_messages - report.sent - report.failed)
                round_, page = page[:size], page[size:]
                if not _send_round(
                    round_,
                    lanes_open,
                    pool,
                    content,
                    retry_delays,
                    on_sent,
                    report,
                    holder,
                    renew,
                    max(0.05, lease_seconds / 3),
                ):
                    report.busy = True
            if report.busy:
                break
    except SendInterrupted as exc:
        report.interrupted = str(exc)
        log.warning("digest %s interrupted: %s", digest_id, exc)
        Digest.objects.filter(pk=digest_id, lease_holder=holder).update(
            lease_until=timezone.now() + timedelta(seconds=RETRY_LATER_SECONDS)
        )
        return report
    finally:
        pool.shutdown(wait=True)
        for connection in lanes_open:
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


def _budget_spent(report: SendReport, max_messages: int | None) -> bool:
    return max_messages is not None and report.sent + report.failed >= max_messages


def _claim(digest: Digest, chunk: list[Subscriber], holder: str) -> list[Outgoing]:
    """Claim a page in the send log for ``holder``; the mails of the rows it
    moved, with their rows and interests.

    Unsent rows of other holders are moved too: we hold the lease, so their
    sender has stopped (it renews the lease while it sends). Rows sent or failed
    meanwhile, or moved on by yet another sender, are left out.
    """
    ids = [s.pk for s in chunk]
    SendLog.objects.bulk_create(
        [SendLog(digest=digest, subscriber_id=pk, holder=holder) for pk in ids],
        ignore_conflicts=True,
        batch_size=len(ids),
    )
    open_ = [SendLog.Status.CLAIMED, SendLog.Status.SENDING]
    SendLog.objects.filter(
        digest=digest, subscriber_id__in=ids, status__in=open_
    ).exclude(holder=holder).update(holder=holder, status=SendLog.Status.CLAIMED)
    rows = dict(
        SendLog.objects.filter(
            digest=digest,
            subscriber_id__in=ids,
            holder=holder,
            status=SendLog.Status.CLAIMED,
        ).values_list("subscriber_id", "pk")
    )
    interests: dict[int, set[str]] = defaultdict(set)
    for sub_id, sector in Subscriber.sectors.through.objects.filter(
        subscriber_id__in=ids
    ).values_list("subscriber_id", "sector_id"):
        interests[sub_id].add(sector)
    return [
        Outgoing(rows[s.pk], s, frozenset(interests.get(s.pk, ())))
        for s in chunk
        if s.pk in rows
    ]
