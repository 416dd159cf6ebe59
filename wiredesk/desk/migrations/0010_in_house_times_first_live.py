"""In-house pieces already published get the times ``Article.publish`` now gives
them: Created: when they first went live, and Updated: no earlier (an Updated:
moved later by a substantive edit is kept). Agency articles are left alone."""

from django.db import migrations


def first_live(apps, schema_editor) -> None:
    Article = apps.get_model("desk", "Article")
    pieces = Article.objects.filter(
        story__isnull=True, first_published_at__isnull=False
    ).only("pk", "agencies", "created_at", "updated_at", "first_published_at")
    changed = []
    for piece in pieces.iterator():
        if piece.agencies or piece.created_at >= piece.first_published_at:
            continue
        piece.created_at = piece.first_published_at
        piece.updated_at = max(piece.updated_at, piece.first_published_at)
        changed.append(piece)
    Article.objects.bulk_update(changed, ["created_at", "updated_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0009_article_merged_into"),
    ]

    operations = [
        migrations.RunPython(first_live, migrations.RunPython.noop, elidable=True),
    ]
