"""The matching transaction's commit on PostgreSQL: synchronous_commit off when
the caller asks for it (the cluster_item task on django_tasks_db's backend), for
that transaction only (``clustering.ASYNC_COMMIT`` says why nothing is lost)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from tests.test_story_versions import GHANA_A, GHANA_B, source, wire
from wiredesk.stories import clustering, tasks
from wiredesk.stories.models import Story, StoryItem
from wiredesk.stories.signals import story_changed

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit')")
        return cursor.fetchone()[0]


@pytest.fixture
def seen(monkeypatch) -> list[str]:
    """synchronous_commit as each group of matching's statements left it, read in
    the matching transaction (the groups still go through the pipeline)."""
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    found: list[str] = []

    def spying(real):
        def spy(statements):
            rows = real(statements)
            if clustering.COMMIT not in statements:  # after it, the transaction ended
                found.append(setting())
            return rows

        return spy

    for name in ("_fetch_all", "_fetch_pipelined"):  # the candidates: the latter
        monkeypatch.setattr(clustering, name, spying(getattr(clustering, name)))
    return found


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_matching_commits_without_waiting_only_when_asked(settings, seen):
    settings.TASKS = DUMMY
    assert clustering._pipelines()
    before = setting()
    story = clustering.assign(wire(source("alpha"), "a-1", *GHANA_A), durable=False)
    assert seen and set(seen) == {"off"}
    assert setting() == before  # SET LOCAL ended with the transaction
    assert not connection.in_atomic_block

    seen.clear()
    second = wire(source("beta"), "b-1", *GHANA_B, hours=1)
    assert clustering.assign(second) == story  # the default: durable
    assert seen and set(seen) == {before}
    assert StoryItem.objects.filter(story=story).count() == 2


@pytest.mark.django_db
def test_not_inside_a_callers_transaction(settings, seen):
    """In a caller's transaction (here the test's) SET LOCAL would hold until the
    caller's commit, beyond matching: it is not sent."""
    settings.TASKS = DUMMY
    before = setting()
    clustering.assign(wire(source("alpha"), "a-1", *GHANA_A), durable=False)
    assert seen and set(seen) == {before}
    assert setting() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_on_the_database_backend_commits_without_waiting(settings, seen):
    settings.TASKS = DATABASE
    assert tasks.completion_commits_after()
    item = wire(source("alpha"), "a-1", *GHANA_A)  # enqueued, not run
    story_id = tasks.cluster_item.call(item.pk)
    assert seen and set(seen) == {"off"}
    assert StoryItem.objects.get(item=item).story_id == story_id


@pytest.mark.django_db
def test_other_task_backends_keep_the_synchronous_commit(settings):
    """Their results are not committed to this database after matching."""
    settings.TASKS = DUMMY
    assert not tasks.completion_commits_after()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    assert not tasks.completion_commits_after()


@pytest.mark.django_db
def test_no_setting_is_sent_on_sqlite_or_when_durable(settings):
    settings.TASKS = DUMMY
    with transaction.atomic():
        sent = clustering._commit_settings(durable=False, outermost=True)
    expected = [clustering.ASYNC_COMMIT] if connection.vendor == "postgresql" else []
    assert sent == expected
    assert clustering._commit_settings(durable=True, outermost=True) == []
    assert clustering._commit_settings(durable=False, outermost=False) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_caller_with_autocommit_off_keeps_its_transaction(settings):
    """A caller that turned autocommit off has a transaction open that atomic()
    only savepoints: matching must not COMMIT it. (It did, with the last writes:
    the caller's pending row outlived its rollback, and the savepoint's release
    then failed.)"""
    settings.TASKS = DUMMY
    item = wire(source("alpha"), "a-1", *GHANA_A)
    transaction.set_autocommit(False)
    try:
        StoryItem.objects.filter(item=item).delete()  # nothing there: a no-op
        pending = Story.objects.create(
            headline="The caller's own work",
            created_at="2026-02-05T06:00Z",
            updated_at="2026-02-05T06:00Z",
        )
        story = clustering.assign(item)
        assert StoryItem.objects.filter(item=item, story=story).exists()
        transaction.rollback()
    finally:
        transaction.set_autocommit(True)
    assert not Story.objects.filter(pk=pending.pk).exists()
    assert not StoryItem.objects.filter(item=item).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_change_is_announced_once_the_placement_is_committed(settings):
    """story_changed goes out after the commit; matching logs before its last
    group, so nothing that can fail runs between the COMMIT sent with it and the
    announcement."""
    settings.TASKS = DUMMY
    heard: list[str] = []

    def hear(sender, story_id, change, **kwargs) -> None:
        heard.append(change)

    story_changed.connect(hear, dispatch_uid="commit-test", weak=False)
    try:
        item = wire(source("alpha"), "a-1", *GHANA_A)
        order: list[str] = []
        real = clustering._fetch_all

        def spy(statements):
            order.append("commit" if clustering.COMMIT in statements else "group")
            return real(statements)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(clustering, "_fetch_all", spy)
            patch.setattr(clustering.log, "info", lambda *a: order.append("log"))
            clustering.assign(item)
        assert heard == ["created"]
        last = "commit" if connection.vendor == "postgresql" else "group"
        assert order[-2:] == ["log", last]
    finally:
        story_changed.disconnect(dispatch_uid="commit-test")
