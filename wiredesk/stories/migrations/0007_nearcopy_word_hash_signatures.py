"""Near-copy signatures are now made from word hashes (see stories.nearcopy): a
signature of the old scheme never equals one of the new, so the kept ones are
rewritten. Items of stories within the matching window (72 hours) of the newest
story get the new signature and bands now; older ones, which no new item is
compared with, lose theirs until `wiredesk stories rebuild` writes them again."""

from datetime import timedelta

from django.db import migrations

WINDOW = timedelta(hours=72)
CHUNK = 500


def rewrite_signatures(apps, schema_editor):
    from wiredesk.stories import nearcopy

    Story = apps.get_model("stories", "Story")
    StoryItem = apps.get_model("stories", "StoryItem")
    StoryBand = apps.get_model("stories", "StoryBand")
    newest = Story.objects.order_by("-created_at").values_list("created_at", flat=True)
    newest = newest.first()
    if newest is None:
        return
    recent = StoryItem.objects.filter(
        minhash__isnull=False, story__created_at__gte=newest - WINDOW
    )
    StoryBand.objects.exclude(link__in=recent.values("pk")).delete()
    StoryItem.objects.filter(minhash__isnull=False).exclude(
        pk__in=recent.values("pk")
    ).update(minhash=None)
    links = list(recent.values_list("pk", "story_id", "story__created_at", "item_id"))
    WireItem = apps.get_model("ingest", "WireItem")
    for start in range(0, len(links), CHUNK):
        chunk = links[start : start + CHUNK]
        texts = {
            pk: (headline, body)
            for pk, headline, body in WireItem.objects.filter(
                pk__in=[link[3] for link in chunk]
            ).values_list("pk", "headline", "body_text")
        }
        StoryBand.objects.filter(link_id__in=[link[0] for link in chunk]).delete()
        bands = []
        for link_id, story_id, created, item_id in chunk:
            signature = nearcopy.signature(*texts[item_id])
            StoryItem.objects.filter(pk=link_id).update(minhash=signature)
            if signature is None:
                continue
            bands += [
                StoryBand(
                    story_id=story_id,
                    link_id=link_id,
                    band_no=band_no,
                    band_hash=band_hash,
                    created_at=created,
                )
                for band_no, band_hash in nearcopy.bands(signature)
            ]
        StoryBand.objects.bulk_create(bands)


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_initial"),
        ("stories", "0006_storyband_hash_index"),
    ]

    operations = [
        migrations.RunPython(rewrite_signatures, migrations.RunPython.noop),
    ]
