from wiredesk.desk.tasks import apply_draft


def article_from_draft(sender, draft_id: int, created: bool, **kwargs) -> None:
    apply_draft.enqueue(draft_id)
