"""Matching's cheap paths: statements in groups, rows read by plain SQL.

``clustering.assign`` sends its statements in a few groups (one round trip each on
PostgreSQL) and builds the members and the chosen story from plain SQL rows instead
of ORM queries. These tests check that what those paths return is what the ORM
would have returned, and that joining a story stays within its round trips.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.test_story_versions import GHANA_A, GHANA_B, source, wire
from wiredesk.ingest.models import WireItem
from wiredesk.stories import clustering, nearcopy, similarity
from wiredesk.stories.models import Story, StoryBand, StoryItem, StoryTerm


@pytest.fixture
def quiet_tasks(settings):
    """Later stages (drafting) are not what these tests look at."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


@pytest.mark.django_db
def test_statements_in_one_group_answer_in_order_and_see_earlier_writes():
    table = StoryTerm._meta.db_table
    story = Story.objects.create(
        headline="h", created_at="2026-02-05T06:00Z", updated_at="2026-02-05T06:00Z"
    )
    with transaction.atomic():
        found = clustering._fetch_all(
            [
                (
                    f"INSERT INTO {table} (story_id, term, weight, created_at) "
                    "VALUES (%s, %s, %s, NULL)",
                    [story.pk, "quake", 0.5],
                ),
                (f"SELECT term, weight FROM {table} WHERE story_id = %s", [story.pk]),
                (f"SELECT term FROM {table} WHERE term = %s", ["nothing"]),
            ]
        )
    assert found == [[], [("quake", 0.5)], []]


@pytest.mark.django_db
def test_members_read_by_plain_sql_are_the_orm_items(quiet_tasks):
    first = wire(source("alpha", priority=5), "a-1", *GHANA_A)
    second = wire(source("beta"), "b-1", *GHANA_B, hours=1)
    story = clustering.assign(first)
    assert clustering.assign(second) == story

    members, replaced = clustering.members_of(story.pk)
    expected = list(
        WireItem.objects.filter(story_link__story=story)
        .select_related("source")
        .order_by("pk")
    )
    assert replaced == set()
    assert [m.pk for m in members] == [e.pk for e in expected]
    for member, item in zip(members, expected, strict=True):
        for name in clustering.MEMBER_FIELDS:
            assert getattr(member, name) == getattr(item, name), name
        assert member.first_created.tzinfo is not None  # aware, as the ORM's
        assert member.source.priority == item.source.priority
        assert member.source.agency == item.source.agency
    # The primary item is the desk's preferred agency's, as the ORM's members say.
    assert clustering.primary_item(story, members).pk == first.pk
    assert Story.objects.get(pk=story.pk).primary_item_id == first.pk


@pytest.mark.django_db
def test_the_chosen_story_is_the_stored_row(quiet_tasks):
    first = wire(source("alpha"), "a-1", *GHANA_A)
    story = clustering.assign(first)
    second = wire(source("beta"), "b-1", *GHANA_B, hours=1)
    counts = clustering.similarity.terms(second.headline, second.body_text)
    fp = clustering.similarity.weigh(counts, clustering.rarity(counts))
    with transaction.atomic():
        chosen, score = clustering.best_match(fp, clustering.item_time(second))
    stored = Story.objects.get(pk=story.pk)
    assert chosen is not None and score is not None
    for field in Story._meta.concrete_fields:
        assert getattr(chosen, field.attname) == getattr(stored, field.attname)


@pytest.mark.django_db
def test_joining_a_story_on_postgresql_takes_few_round_trips(quiet_tasks):
    if connection.vendor != "postgresql":
        pytest.skip("round trips are PostgreSQL's; SQLite runs in the process")
    story = clustering.assign(wire(source("alpha"), "a-1", *GHANA_A))
    second = wire(source("beta"), "b-1", *GHANA_B, hours=1)
    with CaptureQueriesContext(connection) as queries:
        assert clustering.assign(second) == story
    # Here (inside the test's transaction) a savepoint and its release; then the
    # lock with the first lookups, exact keys and bands, the term counts, the
    # candidates, the link and members, and the writes: about 20 before the
    # statements were grouped. Outside a test, BEGIN goes with the first group and
    # COMMIT is one more.
    assert len(queries) <= 8, [q["sql"][:60] for q in queries]
    assert StoryItem.objects.filter(story=story).count() == 2


@pytest.mark.django_db
def test_matching_on_postgresql_prepares_its_statements(quiet_tasks):
    """The groups go through psycopg's pipeline as prepared statements, planned
    once per connection (planning the exact-key lookup cost more than running it).
    """
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    assert clustering._pipelines()
    story = clustering.assign(wire(source("alpha"), "a-1", *GHANA_A))
    assert clustering.assign(wire(source("beta"), "b-1", *GHANA_B, hours=1)) == story
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [sql for (sql,) in cursor.fetchall()]
    assert any("stories_termstat" in sql for sql in prepared), prepared
    assert any("kind, id" in sql for sql in prepared), prepared  # the exact keys
    assert StoryItem.objects.filter(story=story).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_error_in_a_group_rolls_back_and_the_connection_goes_on():
    """A failing statement in a group (prepared and pipelined on PostgreSQL)
    raises Django's error, the transaction rolls back, and later groups work."""
    from django.db import IntegrityError

    table = StoryTerm._meta.db_table
    story = Story.objects.create(
        headline="h", created_at="2026-02-05T06:00Z", updated_at="2026-02-05T06:00Z"
    )
    insert = (
        f"INSERT INTO {table} (story_id, term, weight, created_at) "
        "VALUES (%s, %s, %s, NULL)"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clustering._fetch_all(
            [
                (insert, [story.pk, "quake", 0.5]),
                (insert, [story.pk, "quake", 0.7]),  # unique (story, term)
                (f"SELECT term FROM {table}", []),
            ]
        )
    with transaction.atomic():
        found = clustering._fetch_all(
            [
                (insert, [story.pk, "quake", 0.25]),
                (f"SELECT term, weight FROM {table} WHERE story_id = %s", [story.pk]),
            ]
        )
    assert found == [[], [("quake", 0.25)]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_matching_commits_with_its_last_writes_on_postgresql(quiet_tasks, monkeypatch):
    """In its own transaction, matching's COMMIT goes in the pipeline of its last
    writes (one round trip less): Django's commit then has nothing to send, the
    placement is stored and story_changed still follows the commit."""
    if connection.vendor != "postgresql":
        pytest.skip("pipelines are PostgreSQL's")
    from wiredesk.stories.signals import story_changed

    story = clustering.assign(wire(source("alpha"), "a-1", *GHANA_A))
    groups: list[list[tuple]] = []
    real = clustering._fetch_all

    def spy(statements):
        groups.append(list(statements))
        return real(statements)

    sent_by_django: list[str] = []
    real_commit = connection.connection.commit

    def commit():
        sent_by_django.append(connection.connection.info.transaction_status.name)
        return real_commit()

    changed: list[tuple[int, bool]] = []

    def receiver(sender, story_id, change, **kwargs):
        changed.append((story_id, connection.in_atomic_block))

    second = wire(source("beta"), "b-1", *GHANA_B, hours=1)
    monkeypatch.setattr(clustering, "_fetch_all", spy)
    monkeypatch.setattr(connection.connection, "commit", commit)
    story_changed.connect(receiver, dispatch_uid="test-commit-with-writes")
    try:
        assert clustering.assign(second) == story
    finally:
        story_changed.disconnect(dispatch_uid="test-commit-with-writes")
    assert groups[-1][-1] == clustering.COMMIT
    assert sum(clustering.COMMIT in group for group in groups) == 1
    assert sent_by_django == ["IDLE"]  # the transaction had already ended
    assert changed == [(story.pk, False)]
    assert StoryItem.objects.filter(story=story).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "cast"),
    [
        (
            ["*", "@hugh jackman", "quake", "y2013", "#5.6", "o'neil", 'say "hi"'],
            "varchar",
        ),
        ([], "varchar"),
        (["", "empty first"], "varchar"),
        (["two\nlines", "x"], "varchar"),
        ([7, -3, 2**62], "bigint"),
        ([0.123456, 1.0, 1e-06, 0.1 + 0.2], "float8"),
        ([], "float8"),
    ],
)
def test_array_parameters_reach_postgresql_unchanged(values, cast):
    """Matching sends its lists (terms, weights, band hashes) as one joined text
    split by the server; what arrives is the list, exactly."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's arrays")
    array, value = clustering._pg_array(values, cast)
    with transaction.atomic():
        (rows,) = clustering._fetch_all([(f"SELECT {array}", [value])])
    assert rows == [(values,)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_error_while_a_group_is_on_its_way_leaves_the_connection_usable(
    quiet_tasks, monkeypatch
):
    """The item's terms are computed while the first group is out (on PostgreSQL
    in psycopg's pipeline): an error there rolls matching back, the connection
    leaves pipeline mode, and the next item is placed."""

    def broken(headline, text):
        raise RuntimeError("terms failed")

    first = wire(source("alpha"), "a-1", *GHANA_A)
    monkeypatch.setattr(clustering.similarity, "terms", broken)
    with pytest.raises(RuntimeError, match="terms failed"):
        clustering.assign(first)
    monkeypatch.undo()
    assert not connection.in_atomic_block
    assert not StoryItem.objects.filter(item=first).exists()
    story = clustering.assign(first)
    second = wire(source("beta"), "b-1", *GHANA_B, hours=1)
    assert clustering.assign(second) == story


@pytest.mark.django_db
def test_a_new_story_on_postgresql_is_written_with_its_first_link(
    quiet_tasks, monkeypatch
):
    """On PostgreSQL a new story's row goes in the statement of its first link
    (one round trip less), with what a separate insert would have stored; inside
    a caller's transaction, bitmap scans (off for the candidate query) are on
    again afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("pipelines are PostgreSQL's")

    def separate_insert(instance):
        raise AssertionError(f"{type(instance).__name__} inserted on its own")

    monkeypatch.setattr(clustering, "insert", separate_insert)
    first = wire(source("alpha"), "a-1", *GHANA_A)
    story = clustering.assign(first)
    stored = Story.objects.get(pk=story.pk)
    for field in Story._meta.concrete_fields:
        assert getattr(story, field.attname) == getattr(stored, field.attname)
    assert stored.headline and stored.primary_item_id == first.pk
    link = StoryItem.objects.get(item=first)
    assert link.story_id == story.pk and link.role == StoryItem.Role.SOURCE
    assert clustering.assign(wire(source("beta"), "b-1", *GHANA_B, hours=1)) == story
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone() == ("on",)


@pytest.mark.django_db
def test_the_term_counts_turn_bitmap_scans_off_for_the_candidate_query():
    """On PostgreSQL the candidate query's setting is made by the TermStat upsert
    itself, for the rest of the transaction: the plan it is there for."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with transaction.atomic(), connection.cursor() as cursor:
        clustering.count_terms(["quake"], bitmap_off=True)
        cursor.execute("SELECT current_setting('enable_bitmapscan')")
        assert cursor.fetchone() == ("off",)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pipelined_matching_takes_three_or_four_round_trips(quiet_tasks, monkeypatch):
    """With nothing watching statements one by one (statements pipelined, which
    query capture would turn off), a new story takes three round trips and an
    item joining it four, BEGIN and COMMIT included: a group of statements sent
    at once (_Sending, even of one statement, with what is added to it before
    its rows are read) is one, a lone statement another."""
    if connection.vendor != "postgresql":
        pytest.skip("pipelines are PostgreSQL's")
    trips: list[int] = []
    enter, send = clustering._Sending.__enter__, clustering._Sending.send
    fetch = clustering._fetch_pipelined

    def sending(self):
        if self.statements:
            trips.append(len(self.statements))
        return enter(self)

    def sent(self, statements):
        trips[-1] += len(statements)
        return send(self, statements)

    def fetched(statements):
        if len(statements) == 1:
            trips.append(1)
        return fetch(statements)

    monkeypatch.setattr(clustering._Sending, "__enter__", sending)
    monkeypatch.setattr(clustering._Sending, "send", sent)
    monkeypatch.setattr(clustering, "_fetch_pipelined", fetched)
    assert clustering._pipelines()
    story = clustering.assign(wire(source("alpha"), "a-1", *GHANA_A))
    # The lock, the lookups as one and the term counts (with the candidate
    # query's setting), the candidates, the story with its link, keys and
    # bands as one statement, COMMIT.
    assert trips == [3, 1, 2], trips
    trips.clear()
    second = wire(source("beta"), "b-1", *GHANA_B, hours=1)
    assert clustering.assign(second) == story
    # The same, then the link with the story's members, and the writes as one.
    assert trips == [3, 1, 1, 2], trips


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_earlier_item_gives_the_story_time_to_all_its_keys_and_bands(quiet_tasks):
    """The window lookups read a story's time from its StoryTerm and StoryBand
    rows: when an item older than the story's first joins it, every row of the
    story takes the new time, keys kept and bands stored before as well as those
    the item writes (pipelined on PostgreSQL: one statement for all the writes)."""
    story = clustering.assign(wire(source("alpha"), "a-1", *GHANA_A))
    earlier = wire(source("beta"), "b-1", *GHANA_B, hours=-5)
    assert clustering.assign(earlier) == story
    story.refresh_from_db()
    assert story.created_at == clustering.item_time(earlier)
    terms = StoryTerm.objects.filter(story=story)
    assert set(terms.values_list("created_at", flat=True)) == {story.created_at}
    profile = similarity.StoryProfile.from_json(story.fingerprint)
    assert dict(terms.values_list("term", "weight")) == clustering._wanted_keys(profile)
    bands = StoryBand.objects.filter(story=story)
    assert bands.count() == 2 * nearcopy.BANDS
    assert set(bands.values_list("created_at", flat=True)) == {story.created_at}
