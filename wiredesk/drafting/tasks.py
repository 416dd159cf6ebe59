from django_tasks import task

from wiredesk.drafting import service
from wiredesk.stories.models import Story


@task()
def draft_story(story_id: int) -> int | None:
    """(Re)draft a story after it changed."""
    story = Story.objects.filter(pk=story_id).first()
    return service.draft(story).pk if story else None
