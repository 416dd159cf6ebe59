"""TermStat counts are updated in place on PostgreSQL (migration 0010).

Every item matched adds one to the count of each of its terms. With room left
on each page the new count stays on its row's page (a HOT update): no new index
entry per term per item, and no run of dead entries for a term counted again
and again.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from wiredesk.stories import clustering
from wiredesk.stories.models import TermStat


def pages() -> dict[str, int]:
    """The heap page each term's current row is on."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, (ctid::text::point)[0]::int FROM {TermStat._meta.db_table}"
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_counting_terms_again_keeps_their_rows_on_their_pages():
    if connection.vendor != "postgresql":
        pytest.skip("fillfactor and HOT updates are PostgreSQL's")
    terms = [f"term{n:04d}" for n in range(1200)]  # several pages of rows
    with transaction.atomic():
        clustering.count_terms(terms)
    before = pages()
    assert len(set(before.values())) > 2
    # Items count a few of the stored terms each, and commit each time.
    counted_again = terms[::10]
    for _ in range(5):
        with transaction.atomic():
            counted = clustering.count_terms(counted_again)
    assert counted[terms[0]] == 6 and counted[TermStat.ALL] == 6
    after = pages()
    moved = [term for term in counted_again if after[term] != before[term]]
    assert not moved, f"{len(moved)} of {len(counted_again)} rows left their page"
