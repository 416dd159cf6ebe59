"""An index on the length of ``pending_update``'s JSON text: the desk queue and
dashboard find the articles holding an agency's new version (longer than "{}")
by it instead of reading every article."""

import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0007_article_changed_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                django.db.models.functions.text.Length(
                    django.db.models.functions.comparison.Cast(
                        "pending_update", models.TextField()
                    )
                ),
                name="desk_article_new_version",
            ),
        ),
    ]
