"""The whole wire-samples corpus through `wiredesk ingest`, as the issue demands."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from django.core.management import call_command

from wiredesk.ingest.models import WireItem

pytestmark = pytest.mark.django_db


def ingest(path) -> dict:
    out = io.StringIO()
    with contextlib.suppress(SystemExit):
        call_command("ingest", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_every_sample_is_ingested_or_skipped_with_a_reason(corpus):
    """Zero errors; every skipped file has a reason; a second run adds nothing."""
    samples = corpus / "wire-samples"
    files = [p for p in samples.rglob("*") if p.is_file()]
    first = ingest(samples)
    assert first["errors"] == []
    assert first["inputs"] == len(files)
    skipped_files = {e["input"] for e in first["skipped"] if "item" not in e}
    assert all(e["reason"] for e in first["skipped"])
    # Only files that are not wire documents at all are skipped whole.
    for name in skipped_files:
        assert "/schemas/" in name or name.endswith("MANIFEST.tsv"), name
    assert first["items_new"] > 250
    text_formats = set(first["formats"])
    assert {"rss", "atom", "jsonfeed", "ninjs", "newsmlg2", "newsml12", "nitf",
            "anpa1312", "iptc7901", "apmedia"} <= text_formats  # fmt: skip

    second = ingest(samples)
    assert second["errors"] == []
    assert (second["items_new"], second["items_updated"]) == (0, 0)
    assert WireItem.objects.count() == first["items_new"]


def test_legacy_encodings_come_out_as_unicode(corpus):
    """The GB2312 and ISO-8859-1 samples are stored as correct Unicode."""
    samples = corpus / "wire-samples"
    ingest(samples / "rss")
    ingest(samples / "newsml-1.2")
    ingest(samples / "nitf")
    texts = " ".join(f"{i.headline} {i.body_text}" for i in WireItem.objects.all())
    assert "泰山" in texts  # from the GB2312 Chinese feed
    assert "\ufffd" not in texts and "Ã©" not in texts and "Ã¨" not in texts
    assert any(ch in texts for ch in "éèàç")  # accents of the Latin-1 files
