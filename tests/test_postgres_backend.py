"""wiredesk's PostgreSQL backend (wiredesk/backends/postgresql): the article page's
statement is prepared, and the health check spares busy connections a round trip
without letting a dropped connection reach a reader as a server error."""

from __future__ import annotations

import select
import time

import psycopg
import pytest
from django.db import connection

from tests.test_reader_pages import make_article
from wiredesk.reader.rows import published_teasers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL backend only"
)


def prepared_statements() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements "
            "WHERE statement LIKE '%%desk_article%%'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_article_page_runs_a_prepared_statement(client, settings):
    """The page shows the article, and the server keeps its statement planned;
    with the setting off nothing is prepared and the page is the same."""
    settings.CACHE_SECONDS = 0
    article = make_article("Clinics reopen in the north")
    hidden = make_article("Draft about the budget", published=False)
    before = prepared_statements()
    for _ in range(3):
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200 and b"Clinics reopen" in page.content
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert prepared_statements() == before + 1

    settings.DATABASE_PREPARED_STATEMENTS = False
    connection.close()  # a new connection under the new setting
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200 and b"Clinics reopen" in page.content
    assert prepared_statements() == 0


def admin_params(dbname: str = "postgres") -> dict:
    """Another session on the test server, outside Django's connection."""
    params = connection.settings_dict
    return {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "dbname": dbname,
        "autocommit": True,
    }


def terminate(pid: int) -> None:
    """Close a backend from another session, as a restart or a pooler would."""
    with psycopg.connect(**admin_params()) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dropped_connection_is_replaced_before_the_page_runs(
    client, settings, monkeypatch
):
    """A connection checked a moment ago is not pinged; one the server has closed
    is noticed from its socket, replaced, and the reader gets the page."""
    settings.CACHE_SECONDS = 0
    url = make_article("Port strike ends after talks").get_absolute_url()
    pings: list[bool] = []
    real = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: pings.append(real()) or real())

    def request():
        connection.close_if_unusable_or_obsolete()  # what each request starts with
        return client.get(url)

    connection.checked_at = float("-inf")
    assert request().status_code == 200
    assert pings == [True]  # long unchecked: pinged
    assert request().status_code == 200
    assert pings == [True]  # checked a moment ago, socket quiet: no round trip

    pid = connection.connection.info.backend_pid
    terminate(pid)
    deadline = time.monotonic() + 5
    while not select.select([connection.connection.fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server did not close the socket"
    page = request()
    assert page.status_code == 200 and b"Port strike ends" in page.content
    assert pings[-1] is False  # the socket told: pinged, found dead, replaced
    assert connection.connection.info.backend_pid != pid


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ids_of_every_size_share_one_prepared_statement(settings):
    """psycopg would send small ids as smallint and large ones as integer, each
    mix a statement of its own; sent as bigint, one list length is one statement."""
    make_article("Rains delay the harvest")
    before = prepared_statements()
    for ids in ([1, 2, 3], [7, 40_000, 3_000_000_000], [90_000, 5, 6, 2**40]):
        published_teasers.in_bulk(ids)
    assert prepared_statements() == before + 1  # all three padded to four ids


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_migration_changing_a_column_does_not_break_the_page(client, settings):
    """After a column the prepared statement returns changes type (a migration run
    while the site serves), the next request still gets the article: the connection
    whose plan is outdated is replaced, not left failing."""
    settings.CACHE_SECONDS = 0
    article = make_article("Bridge reopens to traffic")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200  # prepared on this connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT character_maximum_length FROM information_schema.columns "
            "WHERE table_name = 'desk_article' AND column_name = 'headline'"
        )
        (length,) = cursor.fetchone()
    alter = "ALTER TABLE desk_article ALTER COLUMN headline TYPE varchar({})"
    try:
        with psycopg.connect(**admin_params(connection.settings_dict["NAME"])) as other:
            other.execute(alter.format(length + 100))
        page = client.get(url)
        assert page.status_code == 200 and b"Bridge reopens" in page.content
    finally:
        with psycopg.connect(**admin_params(connection.settings_dict["NAME"])) as other:
            other.execute(alter.format(length))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kept_cursors_last_as_long_as_the_connection():
    """The prepared queries by id and story matching share the cursors kept on a
    connection: the same ones while it lasts, new ones on the next connection."""
    first = connection.kept_cursors(2)
    assert connection.kept_cursors(3)[:2] == first
    assert connection.fetch_prepared("SELECT %s::int", [7]) == [(7,)]
    assert connection.kept_cursors(1) == first[:1]
    connection.close()
    connection.ensure_connection()
    renewed = connection.kept_cursors(2)
    assert not any(a is b for a in renewed for b in first)
    assert connection.fetch_prepared("SELECT %s::int", [8]) == [(8,)]
