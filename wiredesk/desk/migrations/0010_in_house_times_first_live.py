"""In-house pieces already published get the times ``Article.publish`` now gives
them, as far as their feed GUIDs allow: Updated: no earlier than when they first
went live (an Updated: moved later by a substantive edit is kept), and Created:
that moment only where it falls on the day Created: already names.

A feed entry's GUID (``distribution.feeds.article_guid``) holds the day of
Created: (UTC): a piece drafted the day before it went live would get a new GUID
and every feed reader would show it again as new. Such a piece keeps its
Created:. Agency articles are left alone."""

from datetime import UTC

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
        if _day(piece.created_at) == _day(piece.first_published_at):
            piece.created_at = piece.first_published_at
        piece.updated_at = max(piece.updated_at, piece.first_published_at)
        changed.append(piece)
    Article.objects.bulk_update(changed, ["created_at", "updated_at"], batch_size=500)


def _day(moment):
    """The day a feed GUID writes for ``moment`` (stored times are UTC)."""
    return moment.astimezone(UTC).date()


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0009_article_merged_into"),
    ]

    operations = [
        migrations.RunPython(first_live, migrations.RunPython.noop, elidable=True),
    ]
