"""The audit log shows the kept article's real flag before and after a merge and
a split undoing it.

A desk review found the "merged" entry showing no change of attention though
the merge flagged the article ("Merged with …"), and the "split" entry showing
"Attention: 0 → 1" though the flag was 1 all along (only its reason changed):
the states were read after the merge had flagged it, and after the split's
unmerge had taken its "Merged with" flag down.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_story_merge_articles import merge_in_admin, published_pair
from tests.test_story_unmerge import items_of, split_in_admin
from wiredesk.desk.models import Article, AuditLog

pytestmark = pytest.mark.django_db


def entry(action: str, article: Article) -> AuditLog:
    return AuditLog.objects.filter(
        action=action, target_type="article", target_id=article.pk
    ).latest("pk")


def test_merge_and_split_entries_show_the_flag_as_it_was(
    run, client, django_user_model, django_capture_on_commit_callbacks
):
    older, newer = published_pair(run)
    assert newer.attention == 0
    coastal = items_of(older)
    merge_in_admin(
        client,
        django_user_model,
        [older.story, newer.story],
        django_capture_on_commit_callbacks,
    )
    newer.refresh_from_db()
    assert newer.attention == 1 and newer.attention_reason.startswith("Merged with")
    merged = entry("merged", newer)
    assert (merged.before["attention"], merged.after["attention"]) == (0, 1)
    assert merged.before["items"]  # what unmerge reads back, still there
    page = client.get(reverse("desk:audit")).content.decode()
    assert "Attention</strong>: 0 → 1" in page

    split_in_admin(client, newer.story, coastal, django_capture_on_commit_callbacks)
    newer.refresh_from_db()
    assert newer.attention == 1 and newer.attention_reason.startswith("Split:")
    split = entry("split", newer)
    assert (split.before["attention"], split.after["attention"]) == (1, 1)
    assert split.before["lock_version"] == split.after["lock_version"]
    # Unmerge still gave the withdrawn article back.
    older.refresh_from_db()
    assert older.merged_into_id is None and older.live
