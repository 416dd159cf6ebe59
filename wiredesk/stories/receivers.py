"""Receivers connected in StoriesConfig.ready: ingest stays unaware of stories."""

from wiredesk.stories.tasks import cluster_item


def cluster_new_item(sender, item_id: int, outcome: str, **kwargs) -> None:
    cluster_item.enqueue(item_id)
