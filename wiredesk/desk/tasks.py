from django_tasks import task

from wiredesk.desk import service
from wiredesk.drafting.models import Draft


@task()
def apply_draft(draft_id: int) -> int | None:
    """Create or refresh the article of a draft; publish it when a rule says so."""
    draft = Draft.objects.select_related("story").filter(pk=draft_id).first()
    return service.apply_draft(draft).pk if draft else None
