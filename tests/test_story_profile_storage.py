"""Story profiles (``Story.fingerprint``) are kept as JSON text, on PostgreSQL too.

Matching reads up to ``CANDIDATES`` profiles for every item; as ``jsonb`` the
server printed each one as text on the way out (``models.ProfileField``). These
tests check what a user of the field sees: dicts in, the same dicts out, on both
databases, and that the migration keeps the profiles already stored.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.test_story_versions import GHANA_A, GHANA_B, source, wire
from wiredesk.stories import clustering, similarity
from wiredesk.stories.models import Story

PROFILE = {
    "items": 2,
    "total": {"@accra": 0.912345, "flood": 0.5, "2026-02-05": 0.25},
    "counts": {"@accra": 2, "flood": 1, "2026-02-05": 2},
    "norm": 1.0698,
    "core": {"@accra": 0.912345},
}


def column_type() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = 'fingerprint'",
            [Story._meta.db_table],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def quiet_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


@pytest.mark.django_db
def test_a_profile_reads_back_as_the_dict_written():
    story = Story.objects.create(
        headline="h",
        created_at="2026-02-05T06:00Z",
        updated_at="2026-02-05T06:00Z",
        fingerprint=PROFILE,
    )
    assert Story.objects.get(pk=story.pk).fingerprint == PROFILE
    Story.objects.filter(pk=story.pk).update(fingerprint={})
    assert Story.objects.get(pk=story.pk).fingerprint == {}
    if connection.vendor == "postgresql":
        assert column_type() == "text"


@pytest.mark.django_db
def test_matching_stores_and_reads_profiles(quiet_tasks):
    """The profile assign() writes is the one the ORM reads, and the next item
    matched reads it back to join the story."""
    story = clustering.assign(wire(source("alpha"), "a-1", *GHANA_A))
    stored = Story.objects.get(pk=story.pk).fingerprint
    assert stored == story.fingerprint
    assert similarity.StoryProfile.from_json(stored).items == 1
    second = wire(source("beta"), "b-1", *GHANA_B, hours=1)
    assert clustering.assign(second) == story
    assert Story.objects.get(pk=story.pk).fingerprint["items"] == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_stored_profiles():
    """Profiles stored as jsonb before the migration read the same after it, and
    after migrating back (on SQLite the column was text already)."""
    before, after = (
        ("stories", "0008_story_editor_merged"),
        (
            "stories",
            "0009_story_fingerprint_text",
        ),
    )
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([before])
        old = MigrationExecutor(connection).loader.project_state([before]).apps
        OldStory = old.get_model("stories", "Story")
        story = OldStory.objects.create(
            headline="h",
            created_at="2026-02-05T06:00Z",
            updated_at="2026-02-05T06:00Z",
            fingerprint=PROFILE,
        )
        if connection.vendor == "postgresql":
            assert column_type() == "jsonb"
        MigrationExecutor(connection).migrate([after])
        assert Story.objects.get(pk=story.pk).fingerprint == PROFILE
        if connection.vendor == "postgresql":
            assert column_type() == "text"
        MigrationExecutor(connection).migrate([before])
        assert OldStory.objects.get(pk=story.pk).fingerprint == PROFILE
    finally:
        MigrationExecutor(connection).migrate(leaves)
    assert Story.objects.get(pk=story.pk).fingerprint == PROFILE
