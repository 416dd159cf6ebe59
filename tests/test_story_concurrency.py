"""Two workers matching items of one story at the same moment end with one story.

Each worker is a thread with its own database connection, committing for real
(``transaction=True``). A pause is put inside the match-or-create step, after the
candidate lookup, so without a guard both workers would find no story and each
create one.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from tests.test_story_versions import GHANA_A, source
from wiredesk.ingest.models import WireItem
from wiredesk.ingest.store import content_hash
from wiredesk.stories import clustering
from wiredesk.stories.models import Story, StoryItem

PAUSE = 0.3  # seconds spent inside the critical section by each worker


@pytest.fixture
def quiet_tasks(settings):
    """Later stages' tasks go nowhere: only matching is under test."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


@pytest.fixture
def slow_matching(monkeypatch):
    real = clustering.best_match

    def slow(*args, **kwargs):
        found = real(*args, **kwargs)
        time.sleep(PAUSE)
        return found

    monkeypatch.setattr(clustering, "best_match", slow)


def near_copies() -> list[int]:
    """Two agencies' near-identical copies of one story, stored, not yet matched."""
    ids = []
    for slug, extra in (("alpha", ""), ("beta", " Officials confirmed the deal.")):
        body = GHANA_A[1] + extra
        item = WireItem.objects.create(
            source=source(slug),
            guid=f"{slug}-1",
            headline=GHANA_A[0],
            body_text=body,
            content_hash=content_hash(GHANA_A[0], body),
        )
        ids.append(item.pk)
    return ids


def match_at_once(item_ids: list[int]) -> list[BaseException]:
    """Assign each item in its own thread, all released at the same moment."""
    start = threading.Barrier(len(item_ids))
    errors: list[BaseException] = []

    def worker(item_id: int) -> None:
        try:
            item = WireItem.objects.select_related("source").get(pk=item_id)
            start.wait(timeout=10)
            clustering.assign(item)
        except BaseException as exc:  # reported to the test, not lost in a thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in item_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def needs_separate_connections() -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            "the SQLite test database is in memory with a shared cache, where "
            "table locks fail at once instead of waiting; SQLite writers are "
            "serialised by IMMEDIATE transactions, shown across two processes on a "
            "SQLite file below"
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("counting", [True, False], ids=["real", "no-term-counter"])
def test_two_workers_matching_one_story_make_one_story(
    quiet_tasks, slow_matching, monkeypatch, counting
):
    """Both items end in the same single story, one as its agency item each.

    Also with term counting switched off: its row updates happen to make the
    second worker wait too, and the match lock must not depend on that.
    """
    needs_separate_connections()
    if not counting:
        monkeypatch.setattr(
            clustering, "count_terms", lambda counts, bitmap_off=False: None
        )
        monkeypatch.setattr(clustering, "COUNT_AHEAD", False)
    ids = near_copies()
    assert match_at_once(ids) == []
    assert Story.objects.count() == 1
    story = Story.objects.get()
    assert set(story.items.values_list("item_id", flat=True)) == set(ids)
    assert set(StoryItem.objects.values_list("role", flat=True)) == {"source"}
    assert sorted(story.agencies()) == ["Alpha Agency", "Beta Agency"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_any_guard_the_race_is_real(quiet_tasks, slow_matching, monkeypatch):
    """The harness reproduces the race: with no lock (and no counter), two stories.

    This keeps the test above honest: it fails when nothing serialises matching.
    """
    needs_separate_connections()
    monkeypatch.setattr(clustering, "match_lock_statements", lambda: [])
    monkeypatch.setattr(
        clustering, "count_terms", lambda counts, bitmap_off=False: None
    )
    monkeypatch.setattr(clustering, "COUNT_AHEAD", False)
    assert match_at_once(near_copies()) == []
    assert Story.objects.count() == 2


SETUP = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
django.setup()
from tests.test_story_versions import GHANA_A, source
from wiredesk.ingest.models import WireItem
from wiredesk.ingest.store import content_hash
for slug, extra in (("alpha", ""), ("beta", " Officials confirmed the deal.")):
    body = GHANA_A[1] + extra
    WireItem.objects.create(
        source=source(slug), guid=slug, headline=GHANA_A[0], body_text=body,
        content_hash=content_hash(GHANA_A[0], body),
    )
"""

WORKER = """
import django, os, sys, time
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
django.setup()
from wiredesk.ingest.models import WireItem
from wiredesk.stories import clustering
real = clustering.best_match
def slow(*args, **kwargs):
    found = real(*args, **kwargs)
    time.sleep(PAUSE)
    return found
clustering.best_match = slow
item = WireItem.objects.select_related("source").get(guid=sys.argv[1])
ready = Path(sys.argv[2])
(ready / sys.argv[1]).touch()
deadline = time.time() + 60
while len(list(ready.iterdir())) < 2 and time.time() < deadline:
    time.sleep(0.005)
print(clustering.assign(item).pk)
"""


@pytest.mark.slow
def test_two_worker_processes_make_one_story(process_env, tmp_path):
    """Two worker processes on one database (SQLite file or PostgreSQL) agree.

    This runs on SQLite too: each process has its own connection to a real file,
    where IMMEDIATE transactions make the second writer wait.
    """
    import subprocess
    import sys

    from tests.conftest import ROOT

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args],
            env=process_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    run("-m", "wiredesk", "migrate", "--no-input", "-v", "0")
    run("-c", SETUP)
    ready = tmp_path / "ready"
    ready.mkdir()
    worker = WORKER.replace("PAUSE", str(PAUSE))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", worker, guid, str(ready)],
            env=process_env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for guid in ("alpha", "beta")
    ]
    results = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], results
    story_ids = {out.strip().splitlines()[-1] for out, _ in results}
    assert len(story_ids) == 1, results
