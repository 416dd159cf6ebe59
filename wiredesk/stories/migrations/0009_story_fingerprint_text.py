"""Story.fingerprint as text on PostgreSQL (models.ProfileField): the profiles
keep their JSON, converted in place; SQLite already keeps JSON as text."""

from django.db import migrations

import wiredesk.stories.models


def _convert(apps, schema_editor, kind: str) -> None:
    """The column's type to ``kind``, each profile cast (rewrites the table)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    table = quote(apps.get_model("stories", "Story")._meta.db_table)
    column = quote("fingerprint")
    schema_editor.execute(
        f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind} USING {column}::{kind}"
    )


def forwards(apps, schema_editor):
    _convert(apps, schema_editor, "text")


def backwards(apps, schema_editor):
    _convert(apps, schema_editor, "jsonb")


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0008_story_editor_merged"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AlterField(
                    model_name="story",
                    name="fingerprint",
                    field=wiredesk.stories.models.ProfileField(
                        blank=True, default=dict
                    ),
                ),
            ],
        ),
    ]
