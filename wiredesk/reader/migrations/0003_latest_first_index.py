"""An index in the reader's listing order on the desk's article table.

Every listing reads ``published() … ORDER BY updated_at DESC, id DESC LIMIT 20``.
The desk's index starts with (status, live), and Django writes the live test as a
bare ``"live"``, which SQLite cannot use as an equality: without this index each
listing sorted the whole archive (125 ms at 100,000 articles, 1 ms with it). The
desk owns the table; the reader owns these read patterns, so the indexes are made
here. On SQLite the planner needs statistics (ANALYZE, or ``PRAGMA optimize``) to
prefer them over the status index.
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS reader_article_latest "
    "ON desk_article (updated_at DESC, id DESC)",
    # Opinion / Blog / Interview on the home page: a rare kind must not scan the
    # whole archive for its three latest pieces.
    "CREATE INDEX IF NOT EXISTS reader_article_kind_latest "
    "ON desk_article (kind, updated_at DESC, id DESC)",
]
DROP = [
    "DROP INDEX IF EXISTS reader_article_latest",
    "DROP INDEX IF EXISTS reader_article_kind_latest",
]


class Migration(migrations.Migration):
    dependencies = [("reader", "0002_footer_pages")]

    operations = [migrations.RunSQL(CREATE, DROP)]
