from collections.abc import Iterable

from wiredesk.desk import audit, tasks, workflow
from wiredesk.desk.models import Article, AuditLog
from wiredesk.stories.models import Story


def article_from_draft(sender, draft_id: int, created: bool, **kwargs) -> None:
    tasks.apply_draft.enqueue(draft_id)


def story_flagged(sender, story_id: int, change: str, **kwargs) -> None:
    if change in {"kill", "correction"}:
        tasks.story_changed.enqueue(story_id, change)


def story_edited(sender, story_id: int, change: str, **kwargs) -> None:
    """Audit an editor's merge or split inside its transaction: an edit whose
    audit fails is undone, and a merge is never left unaudited (the audit used to
    run after the commit)."""
    if change == "merged" and kwargs.get("withdrawn") and kwargs.get("into"):
        articles_merged(
            kwargs["withdrawn"],
            kwargs["into"],
            kwargs.get("by"),
            kwargs.get("kept_items", []),
            kwargs.get("kept_flag", {}),
        )
    elif change == "split":
        # Read before the merge is undone: unmerge brings the "Merged with" flag
        # up to date, and the split's entry shows the article's state before both.
        before = {
            a.pk: audit.state(a) for a in Article.objects.filter(story_id=story_id)
        }
        # A split taking out what a merge brought in undoes the merge first: the
        # story left then has the article it is told by again.
        given = workflow.unmerge(story_id, kwargs["into"], kwargs.get("by"))
        article_split(story_id, kwargs["into"], kwargs.get("by"), given, before)
        story_split_off(story_id, kwargs["into"], kwargs.get("by"))


def story_split_off(story_id: int, into: int, user) -> None:
    """Audit the story a split made, naming the editor, the story it came from and
    the items moved: the split is on record even where neither story has an
    article yet, and the new story's article finds it there when drafting makes
    it (article_created)."""
    new = Story.objects.get(pk=into)
    items = sorted(new.items.values_list("item_id", flat=True))
    audit.record(
        user,
        "split",
        new,
        after={"split_from": story_id, "items": items},
        note=f"Split from story {story_id}",
    )


def article_created(sender, instance: Article, created: bool, raw: bool, **kwargs):
    """Give the first article of a story an editor split off an audit entry of its
    own, naming the editor and the story it was split from: drafting makes it
    (and may publish it at once) after the split commits, and it had none."""
    if raw or not created or instance.story_id is None:
        return
    split = (
        AuditLog.objects.filter(
            action="split", target_type="story", target_id=instance.story_id
        )
        .order_by("-pk")
        .first()
    )
    if split is None:
        return
    who = split.username or "the system"
    source = split.after.get("split_from")
    audit.record(
        split.user,
        "split",
        instance,
        note=f"Drafted for story {instance.story_id}, split from story {source} "
        f"by {who}",
    )


def article_split(
    story_id: int,
    into: int,
    user,
    given: dict[int, Article] | None = None,
    before: dict[int, dict] | None = None,
) -> None:
    """Audit an editor's split (stories.editing.split, not yet committed) on the
    story's article and flag it for a check: it is redrafted from the items left,
    so a live article's headline and text may change under the desk's eyes (found
    by a desk walk-through: the change was silent and unlogged). ``given``: the
    articles a merge undone gave the stories (workflow.unmerge), named;
    ``before``: article id → its state before the split (and the merge undone),
    so the entry shows the flag it had, not the one unmerge left it."""
    article = Article.objects.filter(story_id=story_id).first()
    if article is None:
        return
    moved = f"agency items moved to story {into}"
    if into in (given or {}):
        moved += f" with article {given[into].pk} (the merge undone)"
    reason = f"Split: {moved}; redrafted from the rest"[:200]
    # An article given back to the story has its own "unmerged" entry: from there.
    was = (before or {}).get(article.pk) or audit.state(article)
    check = Story.Priority.CHECK
    Article.objects.filter(pk=article.pk, attention__lt=check).update(
        attention=check, attention_reason=reason
    )
    article.refresh_from_db()
    audit.record(user, "split", article, before=was, note=reason)


def articles_merged(
    withdrawn: dict[int, dict],
    into: int,
    user,
    kept_items: Iterable[int] = (),
    kept_flag: dict | None = None,
) -> None:
    """Audit an editor's merge (stories.editing.merge, not yet committed): each
    article withdrawn gets a "merged" entry naming the article it now redirects
    to, and that article one naming what it absorbed and the flag it got. Each
    entry keeps the item ids its story held (``items``): a split taking them
    out again reads them back to undo the merge (workflow.unmerge). The kept
    article's entry shows its state before the merge flagged it (``kept_flag``:
    its attention and reason then; the merge changes nothing else of it)."""
    kept = Article.objects.get(pk=into)
    was = audit.state(kept)
    was.update((k, v) for k, v in (kept_flag or {}).items() if k in was)
    gone = Article.objects.filter(pk__in=withdrawn).order_by("pk")
    for article in gone:
        before = {**audit.state(article), **withdrawn[article.pk]}
        audit.record(
            user,
            "merged",
            article,
            before=before,
            note=f"Merged into article {kept.pk}: {kept.headline}"[:200],
        )
    names = "; ".join(f"{a.pk}: {a.headline}" for a in gone)
    audit.record(
        user,
        "merged",
        kept,
        before={**was, "items": list(kept_items)},
        note=f"Merged with {names}",
    )
