"""PostgreSQL: search entries go straight into the GIN index (no pending list).

See ``search/postgres.py`` (``DIRECT_GIN``). Nothing changes on SQLite.
"""

from django.db import migrations

from wiredesk.reader.search import postgres


def direct(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in postgres.DIRECT_GIN:
            schema_editor.execute(statement)


def pending(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in postgres.PENDING_GIN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("reader", "0004_search_narrow_rows")]

    operations = [migrations.RunPython(direct, pending)]
