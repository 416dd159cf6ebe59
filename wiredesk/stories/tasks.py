from django_tasks import task

from wiredesk.ingest.models import WireItem
from wiredesk.stories import clustering


@task()
def cluster_item(item_id: int) -> int | None:
    """Attach a stored wire item to its story (creating the story if it is new)."""
    item = WireItem.objects.select_related("source").filter(pk=item_id).first()
    if item is None:
        return None
    return clustering.assign(item).pk
