"""`wiredesk ingest`, drop folders, and storing every item exactly once."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from tests.conftest import rss
from tests.localserver import Reply
from wiredesk.ingest import pipeline
from wiredesk.ingest.models import RawDocument, Source, WireItem

pytestmark = pytest.mark.django_db
BODY = "Officials said the new clinic would open to patients in the spring."
CONTRACT_KEYS = {
    "inputs", "items_new", "items_updated", "items_unchanged", "skipped", "errors",
}  # fmt: skip


def ingest_json(*args: str) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("ingest", *args, "--json", stdout=out)
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    return status, json.loads(out.getvalue())


@pytest.fixture
def wire_folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    (folder / "nested").mkdir(parents=True)
    (folder / "a.xml").write_bytes(rss(("a1", "First", BODY), ("a2", "Second", BODY)))
    (folder / "nested" / "b.rss").write_bytes(rss(("b1", "Third", BODY)))
    (folder / "notes.txt").write_text("a\tb\tc\nshopping list\n")
    (folder / ".hidden.xml").write_bytes(rss(("h1", "Hidden", BODY)))
    return folder


def test_json_contract_and_reasons(wire_folder):
    """--json prints the documented object; a non-wire file is a skip with a reason."""
    status, result = ingest_json(str(wire_folder))
    assert status == 0
    assert set(result) >= CONTRACT_KEYS
    assert result["inputs"] == 3  # hidden files are left out
    assert (result["items_new"], result["items_updated"]) == (3, 0)
    assert result["errors"] == []
    assert result["skipped"] == [
        {
            "input": str(wire_folder / "notes.txt"),
            "reason": "tab-separated text, not a wire format",
        }
    ]


def test_second_run_adds_nothing(wire_folder):
    """Ingesting the same input twice stores nothing new."""
    ingest_json(str(wire_folder))
    status, result = ingest_json(str(wire_folder))
    assert status == 0
    assert (result["items_new"], result["items_updated"]) == (0, 0)
    assert result["items_unchanged"] == 3
    assert WireItem.objects.count() == 3
    assert RawDocument.objects.count() == 2


def test_changed_item_becomes_a_linked_version(tmp_path):
    """A changed item is stored as version 2, pointing at version 1."""
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(("x1", "Toll rises to 12", BODY)))
    ingest_json(str(path))
    path.write_bytes(rss(("x1", "Toll rises to 15", BODY)))
    _, result = ingest_json(str(path))
    assert result["items_updated"] == 1
    v1, v2 = WireItem.objects.order_by("version")
    assert (v1.version, v2.version) == (1, 2)
    assert v2.previous == v1 and v2.signal == WireItem.Signal.UPDATE


def test_broken_input_is_an_error_and_the_rest_go_on(wire_folder):
    """A malformed feed fails with exit status 1, naming the file; others ingest."""
    bad = wire_folder / "broken.xml"
    bad.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>')
    missing = wire_folder / "missing.xml"
    status, result = ingest_json(str(wire_folder), str(missing))
    assert status == 1
    assert result["items_new"] == 3
    failed = {entry["input"] for entry in result["errors"]}
    assert str(missing) in failed
    for entry in result["errors"]:
        assert entry["error"].startswith(entry["input"])


def test_unknown_source_and_format_are_clear_errors(wire_folder):
    """--source and --format name what is wrong."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no source named 'nope'"):
        call_command("ingest", str(wire_folder), "--source", "nope")
    with pytest.raises(CommandError, match="'klingon' is not a parser"):
        call_command("ingest", str(wire_folder), "--format", "klingon")


def test_ingest_url_with_format_override(local_server):
    """A URL is fetched (loopback allowed explicitly) and parsed as told."""
    local_server.routes["/wire"] = Reply(200, rss(("u1", "From the web", BODY)))
    status, result = ingest_json(
        local_server.url("/wire"), "--format", "rss", "--allow-private"
    )
    assert status == 0 and result["items_new"] == 1
    status, result = ingest_json(local_server.url("/wire"))
    assert status == 1
    assert "non-public address" in result["errors"][0]["error"]


def test_human_output_is_a_table(wire_folder):
    """Without --json the summary is a table with the counts."""
    out = io.StringIO()
    call_command("ingest", str(wire_folder), stdout=out)
    text = out.getvalue()
    assert "inputs" in text and "new" in text and "skipped" in text
    assert "tab-separated text" in text


def test_drop_folder_moves_files_to_done_and_failed(tmp_path):
    """Good files go to done/, bad ones to failed/ beside a file stating the error."""
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "good.xml").write_bytes(rss(("d1", "Dropped", BODY)))
    (folder / "bad.xml").write_bytes(b"<rss><channel><item><title>cut off")
    fresh = folder / "still-writing.xml"
    fresh.write_bytes(rss(("d2", "Not yet", BODY)))
    old = time.time() - 60
    for name in ("good.xml", "bad.xml"):
        os.utime(folder / name, (old, old))
    source = Source.objects.create(
        name="Drop", slug="drop", agency="Drop Agency", kind="folder", path=folder
    )
    run = pipeline.fetch_source(source)
    assert run.outcome == "ok" and run.items_new == 1
    assert (folder / "done" / "good.xml").exists()
    assert (folder / "failed" / "bad.xml").exists()
    error = (folder / "failed" / "bad.xml.error.txt").read_text()
    assert "bad.xml" in error
    assert fresh.exists(), "a file still being written is left for the next poll"
    assert WireItem.objects.get().headline == "Dropped"


def test_missing_drop_folder_is_a_source_error(tmp_path):
    """A drop folder that does not exist is an error on the source, not a crash."""
    source = Source.objects.create(
        name="Gone", slug="gone", agency="A", kind="folder", path=tmp_path / "nope"
    )
    run = pipeline.fetch_source(source)
    assert run.outcome == "error" and "does not exist" in run.error


def _count_rows(env: dict) -> int:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if not Path(path).exists():
            return 0
        try:
            with sqlite3.connect(path, timeout=5) as conn:
                return conn.execute("SELECT COUNT(*) FROM ingest_wireitem").fetchone()[
                    0
                ]
        except sqlite3.OperationalError:
            return 0
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            return conn.execute("SELECT COUNT(*) FROM ingest_wireitem").fetchone()[0]
    except psycopg.Error:
        return 0


@pytest.mark.slow
def test_killed_mid_batch_loses_and_duplicates_nothing(tmp_path, process_env):
    """`wiredesk ingest` killed with SIGKILL half-way, then re-run, stores each once."""
    folder = tmp_path / "batch"
    folder.mkdir()
    files, per_file = 150, 40
    for n in range(files):
        items = [
            (f"f{n}-i{i}", f"Item {i} of file {n}", BODY * 20) for i in range(per_file)
        ]
        (folder / f"feed{n:03}.xml").write_bytes(rss(*items))
    command = [sys.executable, "-m", "wiredesk", "ingest", str(folder), "--json"]
    subprocess.run(
        [sys.executable, "-m", "wiredesk", "migrate", "-v0"],
        env=process_env,
        check=True,
    )
    proc = subprocess.Popen(command, env=process_env, stdout=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count_rows(process_env) < files * per_file // 4:
        assert proc.poll() is None, "the batch finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored_before = _count_rows(process_env)
    assert 0 < stored_before < files * per_file

    rerun = subprocess.run(command, env=process_env, capture_output=True, check=True)
    result = json.loads(rerun.stdout)
    assert result["errors"] == []
    assert result["items_new"] == files * per_file - stored_before
    assert result["items_new"] + result["items_unchanged"] == files * per_file
    assert _count_rows(process_env) == files * per_file


def test_no_duplicate_versions_exist(wire_folder):
    """(source, guid, version) is unique in the table itself."""
    ingest_json(str(wire_folder))
    ingest_json(str(wire_folder))
    dupes = (
        WireItem.objects.values("source", "guid", "version")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not dupes.exists()
