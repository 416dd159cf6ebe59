"""Django's PostgreSQL backend with two savings on the reader's hot path.

**Health checks without a round trip for busy connections.** ``CONN_HEALTH_CHECKS``
sends ``SELECT 1`` at the first query of every request that reuses a connection, so
that a restart, a failover or a pooler's idle cut does not turn the next request
into a server error. All three close the TCP connection, and a closed connection's
socket becomes readable (end of file or a FATAL message). A connection opened or
pinged less than :data:`QUIET_WINDOW` seconds ago whose socket has nothing to read
is therefore taken as healthy without asking the server; any other one is pinged
as before. A busy worker thus pings about twice a second instead of on every
request. Connection pools make the same trade (HikariCP skips its check for
connections used in the last 500 ms).

**Prepared statements on request.** Django disables psycopg's prepared statements
(they break transaction-mode poolers). :meth:`DatabaseWrapper.prepared_cursor`
gives a cursor whose statements are prepared on a connection and then only
executed, saving PostgreSQL the parse and plan of the reader's queries by id (the
article page, the teasers of search results and of the home page; about 0.25 ms
of server CPU each time). :meth:`DatabaseWrapper.fetch_prepared` runs them on one
such cursor kept per connection, which also spares the web worker making a cursor
and Django's wrapper for every query (the article query's cost to it: 231 →
164 µs). psycopg forgets them after a rollback, a DROP or an ALTER
on that connection and prepares them again. Every other query is sent as Django
sends it. ``DATABASE_PREPARED_STATEMENTS=off`` turns this off for poolers that
cannot keep prepared statements (PgBouncer in transaction mode before 1.22, or
without ``max_prepared_statements``, which is on by default only from 1.24).
"""

from __future__ import annotations

import select
import time
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base
from django.db.backends.utils import CursorWrapper
from psycopg.pq import Format
from psycopg.types.numeric import Int8Dumper

QUIET_WINDOW = 0.5
# psycopg prepares a statement after this many runs; Django sets None (never),
# which also ignores ``prepare=True``. Out of reach, so only asked-for ones are.
_ONLY_WHEN_ASKED = 2**31 - 1


class _PreparingCursor(base.ServerBindingCursor):
    """Server-side binding, every statement prepared (psycopg keeps the names).

    Every int is sent as bigint: psycopg keys a prepared statement on its
    parameters' types and would otherwise send a small id as smallint and a large
    one as integer, preparing a new statement for each mix of id sizes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.adapters.register_dumper(int, Int8Dumper)

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("prepare", True)
        return super().execute(query, params, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checked_at = float("-inf")
        self._kept: list[_PreparingCursor] = []  # see kept_cursors()

    @property
    def prepares_statements(self) -> bool:
        return bool(getattr(settings, "DATABASE_PREPARED_STATEMENTS", True))

    def get_new_connection(self, conn_params: dict) -> Any:
        connection = super().get_new_connection(conn_params)
        self.checked_at = time.monotonic()
        if self.prepares_statements and connection.prepare_threshold is None:
            connection.prepare_threshold = _ONLY_WHEN_ASKED
        return connection

    def prepared_cursor(self) -> CursorWrapper:
        """A cursor whose statements PostgreSQL plans once per connection."""
        raw = self._open_preparing_cursor()
        if self.queries_logged:
            return self.make_debug_cursor(raw)
        return self.make_cursor(raw)

    def fetch_prepared(self, sql: str, params: list) -> list[tuple]:
        """The rows of ``sql``, prepared as :meth:`prepared_cursor` does, on one
        cursor kept per connection: making the cursor (with its own adapters) and
        Django's wrapper around it cost the web worker as much as psycopg's fetch.
        Queries are not logged here: callers use :meth:`prepared_cursor` when
        ``queries_logged`` or execute wrappers are on."""
        (kept,) = self.kept_cursors(1)
        self.validate_no_broken_transaction()
        with self.wrap_database_errors:
            kept.execute(sql, params)
            return kept.fetchall()

    def kept_cursors(self, count: int) -> list[_PreparingCursor]:
        """``count`` preparing cursors kept on this connection, made once and
        reused while the connection and its time zone last: for
        :meth:`fetch_prepared`, and for story matching, which sends a group of
        prepared statements in one pipeline, one cursor each."""
        self.close_if_health_check_failed()  # may close the connection
        kept = self._kept
        if kept and (
            kept[0].closed
            or kept[0].connection is not self.connection
            or kept[0].timezone_name != self.timezone_name
        ):
            kept.clear()
        if kept:
            self.validate_thread_sharing()
        while len(kept) < count:
            kept.append(self._open_preparing_cursor())
        return kept[:count]

    def _open_preparing_cursor(self) -> _PreparingCursor:
        """A new preparing cursor on a healthy connection, reading times in the
        connection's zone as Django's create_cursor does."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        self.validate_thread_sharing()
        with self.wrap_database_errors:
            raw = _PreparingCursor(self.connection)
        raw.timezone_name = self.timezone_name
        loader = self.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)
        if self.timezone != loader.timezone:
            base.register_tzloader(self.timezone, raw)
        return raw

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and time.monotonic() - self.checked_at < QUIET_WINDOW
            and self._socket_quiet()
        ):
            self.health_check_done = True
            return
        pinging = not self.health_check_done
        super().close_if_health_check_failed()
        if pinging and self.connection is not None:
            self.checked_at = time.monotonic()

    def _socket_quiet(self) -> bool:
        """True when the server has sent nothing: no close, no FATAL, no notice."""
        try:
            poller = select.poll()
            poller.register(self.connection.fileno(), select.POLLIN)
            return not poller.poll(0)
        except (OSError, ValueError, base.Database.Error):
            return False
