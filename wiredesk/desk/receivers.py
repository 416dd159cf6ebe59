from wiredesk.desk import tasks


def article_from_draft(sender, draft_id: int, created: bool, **kwargs) -> None:
    tasks.apply_draft.enqueue(draft_id)


def story_flagged(sender, story_id: int, change: str, **kwargs) -> None:
    if change in {"kill", "correction"}:
        tasks.story_changed.enqueue(story_id, change)
