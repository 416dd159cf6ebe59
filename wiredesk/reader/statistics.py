"""Planner statistics for SQLite, so the listing indexes are used.

SQLite's planner picks the latest-first indexes of migration ``reader/0003`` for
``ORDER BY updated_at DESC, id DESC LIMIT 20`` only once ``ANALYZE`` has measured
the tables; without statistics it scans the desk's status index and sorts, which
costs tens of milliseconds at 100,000 articles. ``refresh()`` runs after
``migrate`` in `wiredesk run` and `wiredesk demo` (``post_migrate``), and every hour
as a periodic job. PostgreSQL's autovacuum keeps its own statistics: nothing to do.
"""

from __future__ import annotations

from django.db import connection
from django_tasks import task

from wiredesk.desk.models import Article

EVERY_SECONDS = 3600
# Rows ANALYZE reads per index of the other tables: bounded work with statistics
# close enough for the planner (the articles' table is measured in full).
ANALYSIS_LIMIT = 1000


def refresh() -> bool:
    """Measure the tables again (SQLite); returns whether anything ran."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
        # The articles in full: from a bounded sample SQLite guesses at most
        # ANALYSIS_LIMIT rows per status, and with more published articles than
        # that it chose the status index and sorted the whole archive for every
        # listing (70 ms a query at 100,000). In full: 60-90 ms per 100,000
        # articles once an hour, the write lock held as long (about a second at
        # 1,000,000; in WAL mode readers go on).
        cursor.execute("PRAGMA analysis_limit=0")
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Article._meta.db_table)}")
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        # SQLite's own follow-up (a no-op before 3.46 on a fresh connection).
        cursor.execute("PRAGMA optimize")
    return True


@task()
def refresh_statistics() -> bool:
    return refresh()


def enqueue_refresh() -> None:
    """Periodic job: the scheduler only enqueues; a worker measures."""
    refresh_statistics.enqueue()


def after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: statistics for the tables just created or changed."""
    using = kwargs.get("using", "default")
    if using == "default":
        refresh()
