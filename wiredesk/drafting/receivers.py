from wiredesk.drafting.tasks import draft_story


def draft_changed_story(sender, story_id: int, change: str, **kwargs) -> None:
    draft_story.enqueue(story_id)
