"""Queries by id whose SQL is compiled once per thread instead of once per call.

Django compiles a queryset's SQL every time it runs. For the reader's article page
and teasers, and for the members of a story that drafting credits, compiling costs
several times running the query. For the article page, whose
query selects some forty columns (the article and its author), compiling cost about
eight times running it on SQLite; for the twenty teasers of a search page (eighty
columns: article, author, sector, edition, country) about 1.3 ms, a third of
fetching them. ``CompiledQuery`` compiles the queryset once per number of ids with
marker values for the ids and the time, finds where those markers landed in the
parameters, and then runs the same SQL with each request's ids and time, building
the instances exactly as ``QuerySet.__iter__`` does (converters, ``Model.from_db``,
``select_related`` populators). The queryset itself stays the single definition
(``Article.objects.published(now)``, ``teasers()``): nothing about visibility or
columns is repeated here.

On PostgreSQL the statement is also prepared, so the server parses and plans it
once per connection, not once per request.

If the markers cannot be found unambiguously (a backend that rewrites them), the
query simply runs through the ORM each time.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import NotSupportedError, connections, router
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.utils import timezone

# Values no real request uses: negative ids and a time long before any article.
MARKER_PK = -7_301_299
MARKER_NOW = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
# One plan per power of two of ids (a shorter list repeats its last id), so a
# thread keeps at most eight; longer lists go through the ORM.
MOST_IDS = 128


def _plan_outdated(error: Exception) -> bool:
    """PostgreSQL's feature_not_supported for a prepared statement whose result
    columns changed type since it was prepared."""
    return getattr(error.__cause__, "sqlstate", None) == "0A000"


def _prepared_rows(connection: Any, sql: str, params: list, plain: bool) -> list:
    """The rows of a statement PostgreSQL prepares: on the connection's kept
    cursor, or through Django's cursor wrapper when execute wrappers must see it."""
    if plain:
        return connection.fetch_prepared(sql, params)
    with connection.prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class _Plan:
    sql: str
    params: list[Any]
    pk_slots: list[int]
    now_slot: int | None
    now_field: Any  # the field the time is compared with (for its DB form)
    compiler: Any
    converters: dict
    init_list: list[str]
    start: int
    end: int
    populators: list
    qmark_sql: str | None  # SQLite: ``sql`` with sqlite3's "?" placeholders


class CompiledQuery:
    """``build(ids, now)`` → a queryset of rows by id, run with cached SQL.

    ``now_field`` names the field the queryset compares with ``now`` (``None`` when
    it does not use the time)."""

    def __init__(
        self,
        model: type[Model],
        build: Callable[[list[int], datetime], QuerySet],
        now_field: str | None = None,
    ) -> None:
        self.model = model
        self.build = build
        self.now_field = now_field
        self.local = threading.local()  # plans per thread: connections are too

    def get(self, pk: int) -> Model | None:
        """The row with id ``pk`` if the queryset (at this moment) contains it."""
        found = self.in_bulk([pk])
        return found.get(pk)

    def in_bulk(self, pks: list[int]) -> dict[int, Model]:
        """The rows among ids ``pks`` that the queryset (at this moment) contains,
        by id, like ``QuerySet.in_bulk``."""
        return {obj.pk: obj for obj in self.list(pks)}

    def list(self, pks: list[int]) -> list[Model]:
        """The rows the queryset built for ids ``pks`` contains, in its order (the
        ids may be of another column than the rows' own, e.g. a foreign key)."""
        pks = list(dict.fromkeys(pk for pk in pks if -(2**63) <= pk < 2**63))
        if not pks:
            return []  # ids beyond any database integer: no row has them
        now = timezone.now()
        alias = router.db_for_read(self.model)
        plans = self.local.__dict__.setdefault("plans", {})
        size = 1 << (len(pks) - 1).bit_length()
        key = (alias, size)
        if key not in plans:
            plans[key] = self._plan(alias, size)
        plan = plans[key]
        if plan is None:
            return list(self.build(pks, now))
        connection = connections[alias]
        params = list(plan.params)
        padded = pks + pks[-1:] * (size - len(pks))
        for slot, pk in zip(plan.pk_slots, padded, strict=True):
            params[slot] = pk
        if plan.now_slot is not None:
            params[plan.now_slot] = plan.now_field.get_db_prep_value(now, connection)
        rows = self._rows(connection, plan, params)
        if plan.converters:
            rows = plan.compiler.apply_converters(rows, plan.converters)
        found = []
        for row in rows:
            obj = self.model.from_db(alias, plan.init_list, row[plan.start : plan.end])
            for populator in plan.populators:
                populator.populate(row, obj)
            found.append(obj)
        return found

    @staticmethod
    def _rows(connection: Any, plan: _Plan, params: list) -> list[tuple]:
        plain = not (connection.queries_logged or connection.execute_wrappers)
        if plan.qmark_sql and plain:
            # SQLite: the statement already in sqlite3's own placeholders, run on
            # Django's cursor as its wrapper would after rewriting "%s" (a regular
            # expression over the whole statement, a sixth of the query's cost).
            with connection.cursor() as cursor, connection.wrap_database_errors:
                connection.validate_no_broken_transaction()
                return sqlite3.Cursor.execute(
                    cursor.cursor, plan.qmark_sql, params
                ).fetchall()
        if not getattr(connection, "prepares_statements", False) or (
            connection.queries_logged
        ):
            with connection.cursor() as cursor:
                cursor.execute(plan.sql, params)
                return cursor.fetchall()
        try:
            return _prepared_rows(connection, plan.sql, params, plain)
        except NotSupportedError as error:
            # "cached plan must not change result type": a migration changed a
            # column this connection's prepared statement returns. Outside a
            # transaction, a new connection (with no prepared statements) runs it.
            if connection.in_atomic_block or not _plan_outdated(error):
                raise
        connection.close()
        return _prepared_rows(connection, plan.sql, params, plain)

    def _plan(self, alias: str, count: int) -> _Plan | None:
        if count > MOST_IDS:
            return None
        connection = connections[alias]
        markers = [MARKER_PK - i for i in range(count)]
        queryset = self.build(markers, MARKER_NOW).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = list(params)
        pk_slots = []
        for marker in markers:
            slots = [i for i, p in enumerate(params) if p == marker]
            if len(slots) != 1:
                return None
            pk_slots.append(slots[0])
        now_slot, field = None, None
        if self.now_field:
            field = queryset.model._meta.get_field(self.now_field)
            marked_now = field.get_db_prep_value(MARKER_NOW, connection)
            now_slots = [i for i, p in enumerate(params) if p == marked_now]
            if len(now_slots) != 1:
                return None
            now_slot = now_slots[0]
        klass_info = compiler.klass_info
        if (
            compiler.annotation_col_map
            or queryset._known_related_objects
            or klass_info is None
        ):
            return None
        select = compiler.select
        start = klass_info["select_fields"][0]
        end = klass_info["select_fields"][-1] + 1
        return _Plan(
            sql=sql,
            params=params,
            pk_slots=pk_slots,
            now_slot=now_slot,
            now_field=field,
            compiler=compiler,
            converters=compiler.get_converters(
                [s[0] for s in select[: compiler.col_count]]
            ),
            init_list=[s[0].target.attname for s in select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, select, alias),
            qmark_sql=(
                FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")
                if connection.vendor == "sqlite"
                else None
            ),
        )
