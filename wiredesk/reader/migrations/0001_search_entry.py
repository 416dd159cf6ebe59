"""The search index table and the database's own full-text index over it.

The full-text index is made in the language of SITE_LANGUAGE as it is when the
migration runs; ``wiredesk searchindex rebuild`` makes it again after a change.
"""

import django.db.models.deletion
from django.db import migrations, models

from wiredesk.reader.search import postgres, sqlite

ENGINES = {"sqlite": sqlite, "postgresql": postgres}


def create_full_text(apps, schema_editor) -> None:
    engine = ENGINES.get(schema_editor.connection.vendor)
    for statement in (
        engine.create_statements(schema_editor.connection) if engine else ()
    ):
        schema_editor.execute(statement)


def drop_full_text(apps, schema_editor) -> None:
    engine = ENGINES.get(schema_editor.connection.vendor)
    for statement in engine.DROP if engine else ():
        schema_editor.execute(statement)


def index_existing(apps, schema_editor) -> None:
    """Entries for the articles already stored (historical models, no signals)."""
    from wiredesk.reader.search.index import entry_for

    Article = apps.get_model("desk", "Article")
    SearchEntry = apps.get_model("reader", "SearchEntry")
    rows = Article.objects.values_list("pk", "headline", "standfirst", "body_html")
    SearchEntry.objects.bulk_create(
        SearchEntry(article_id=e.article_id, headline=e.headline, body=e.body)
        for e in (entry_for(h, s, b, pk) for pk, h, s, b in rows.iterator())
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [("desk", "0003_authors_briefs_pins_pages")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="desk.article",
                    ),
                ),
                ("headline", models.TextField()),
                (
                    "body",
                    models.TextField(help_text="Standfirst and body as plain text."),
                ),
            ],
            options={"verbose_name_plural": "search entries"},
        ),
        migrations.RunPython(create_full_text, drop_full_text),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
