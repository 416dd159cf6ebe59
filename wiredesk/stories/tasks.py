from django.db import DEFAULT_DB_ALIAS, router
from django_tasks import task

from wiredesk.ingest.models import WireItem
from wiredesk.stories import clustering


@task()
def cluster_item(item_id: int) -> int | None:
    """Attach a stored wire item to its story (creating the story if it is new)."""
    item = WireItem.objects.select_related("source").filter(pk=item_id).first()
    if item is None:
        return None
    return clustering.assign(item, durable=not completion_commits_after()).pk


def completion_commits_after() -> bool:
    """Whether this task's completion is committed, synchronously, to the database
    matching writes to, after matching commits: then matching's own commit need
    not wait for the disk (``clustering.ASYNC_COMMIT`` says why nothing is lost).

    True with django_tasks_db's backend (its worker saves the result row right
    after the task returns) when that row goes to the default database, as
    matching does. Not with a backend that keeps results elsewhere or nowhere
    (the immediate backend of tests, a router sending the results to another
    database): the placement's durability would rest on whatever the caller
    happens to commit next, so it keeps the synchronous commit.
    """
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(cluster_item.get_backend(), DatabaseBackend):
        return False
    from django_tasks_db.models import DBTaskResult

    return router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
