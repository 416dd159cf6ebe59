"""TermStat's pages keep half their room free on PostgreSQL, for HOT updates.

Every item matched adds one to the count of each of its ~150 terms. An update
that finds no room on its row's page writes the new row elsewhere and a new
entry in the term index; a term counted again and again (the total, common
words) then leaves a run of dead index entries that every later lookup of that
term walks until VACUUM. With room on the page the update stays on it (a HOT
update: no index entry, old versions pruned in place). CLUSTER rewrites the
rows already stored with that room, in term order, as matching updates them.
SQLite has no such setting.
"""

from django.db import migrations

FILLFACTOR = 50


def _set(apps, schema_editor, fillfactor: int | None) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    model = apps.get_model("stories", "TermStat")
    table = quote(model._meta.db_table)
    if fillfactor is None:
        schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")
        return
    schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {fillfactor})")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index "
            "WHERE indrelid = %s::regclass AND indisprimary",
            [model._meta.db_table],
        )
        (primary,) = cursor.fetchone()
    schema_editor.execute(f"CLUSTER {table} USING {primary}")


def forwards(apps, schema_editor):
    _set(apps, schema_editor, FILLFACTOR)


def backwards(apps, schema_editor):
    _set(apps, schema_editor, None)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0009_story_fingerprint_text"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
