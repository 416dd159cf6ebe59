"""An index in the listing order per edition on the desk's article table.

An edition's home reads, for each block, the latest articles of the edition: its
own (``edition_id``) and those placed in it. Read in this order, each half stops at
its first few rows whatever the size of the edition; without it SQLite either
gathered the whole edition and sorted it or walked the whole archive for an edition
with few articles (167 ms at 100,000 articles).
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS reader_article_edition_latest "
    "ON desk_article (edition_id, updated_at DESC, id DESC)"
)
DROP = "DROP INDEX IF EXISTS reader_article_edition_latest"


class Migration(migrations.Migration):
    dependencies = [("reader", "0005_search_gin_direct")]

    operations = [migrations.RunSQL(CREATE, DROP)]
