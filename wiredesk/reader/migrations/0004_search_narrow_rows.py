"""PostgreSQL: the search entries' long values kept out of the table's rows.

Search reads the rows of every candidate (their ids) before it reads any document;
narrow rows make that a few pages instead of one page per match (see
``search/postgres.py``). Nothing changes on SQLite.
"""

from django.db import migrations

from wiredesk.reader.search import postgres


def narrow(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in postgres.NARROW:
            schema_editor.execute(statement)


def widen(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in postgres.WIDE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("reader", "0003_latest_first_index")]

    operations = [migrations.RunPython(narrow, widen)]
