"""Guids stored with a NUL character (SQLite kept them; PostgreSQL never could)
lose it, as ``store.stored_guid`` now looks them up: otherwise the next delivery
of such an item would not find its row and be stored a second time.

A guid whose cleaned form the same source already has is left as it is (its
versions would collide with that item's); those are counted in the log.
"""

from __future__ import annotations

import logging

from django.db import migrations

log = logging.getLogger(__name__)


def strip_nul(apps, schema_editor) -> None:
    WireItem = apps.get_model("ingest", "WireItem")
    if schema_editor.connection.vendor == "postgresql":
        return  # text there cannot hold a NUL
    rows = WireItem.objects.filter(guid__contains="\x00").values_list(
        "source_id", "guid"
    )
    left = 0
    for source_id, guid in set(rows):
        clean = guid.replace("\x00", "")
        if WireItem.objects.filter(source_id=source_id, guid=clean).exists():
            left += 1
            continue
        WireItem.objects.filter(source_id=source_id, guid=guid).update(guid=clean)
    if left:
        log.warning("%s guids with a NUL kept: their cleaned form is taken", left)


class Migration(migrations.Migration):
    dependencies = [("ingest", "0005_source_next_page")]

    operations = [migrations.RunPython(strip_nul, migrations.RunPython.noop)]
