from django_tasks import task

from wiredesk.desk import service, workflow
from wiredesk.drafting.models import Draft


@task()
def apply_draft(draft_id: int) -> int | None:
    """Create or refresh the article of a draft; publish it when a rule says so."""
    draft = Draft.objects.select_related("story").filter(pk=draft_id).first()
    return service.apply_draft(draft).pk if draft else None


@task()
def story_changed(story_id: int, change: str) -> str | None:
    """Flag or take down the article of a corrected or killed story."""
    return workflow.story_changed(story_id, change)


@task()
def run_schedule() -> list[int]:
    """Publish due scheduled articles and unpublish expired ones."""
    return list(workflow.run_schedule())


def enqueue_schedule() -> None:
    """The periodic job: enqueue only, so the scheduler process stays light."""
    run_schedule.enqueue()
