"""One writer at a time in the match-or-create step, on any number of workers.

Two workers matching two items of one new story at the same moment would each find
no story and each create one. Matching therefore holds a database-wide lock from
its first read to its commit:

- PostgreSQL: a transaction-level advisory lock (``pg_advisory_xact_lock``), freed
  by the commit or rollback, so a crashed worker never leaves it held. Under READ
  COMMITTED the second worker's reads, made after it got the lock, see the first
  worker's story.
- SQLite: wiredesk opens transactions as IMMEDIATE, which takes the database's
  write lock at BEGIN; writers are serialised already and nothing more is needed.

Matching one item takes a few milliseconds, so one lock for all stories still lets
a few hundred items a second through, well above the target of 100,000 a day.
"""

from __future__ import annotations

from django.db import connection

# Any fixed 64-bit number; it names wiredesk's story-matching lock in pg_locks.
MATCH_LOCK_KEY = 0x57495245_53544F52  # "WIRESTOR"


def match_lock() -> None:
    """Take the story-matching lock until the current transaction ends.

    Call inside ``transaction.atomic()``, before the first read that decides.
    """
    for sql, params in match_lock_statements():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def match_lock_statements() -> list[tuple[str, list[object]]]:
    """The statement taking the lock (none on SQLite), for a caller that sends it
    first in a group of statements (one round trip with the first reads), as
    match_lock() would run it. Same rule: inside ``transaction.atomic()``."""
    if not connection.in_atomic_block:
        raise RuntimeError("match_lock() must be called inside transaction.atomic()")
    if connection.vendor == "postgresql":
        return [("SELECT pg_advisory_xact_lock(%s)", [MATCH_LOCK_KEY])]
    return []
