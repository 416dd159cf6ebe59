"""PostgreSQL: the function that ranks a window of search candidates.

It plans its statement once per connection (``search/postgres.py``,
``WINDOW_FUNCTION``). Nothing changes on SQLite.
"""

from django.db import migrations

from wiredesk.reader.search import postgres


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(postgres.WINDOW_FUNCTION)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(postgres.DROP_WINDOW_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("reader", "0005_search_gin_direct")]

    operations = [migrations.RunPython(create, drop)]
