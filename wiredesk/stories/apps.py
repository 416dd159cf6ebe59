from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Stories: which wire items tell the same real-world story."""

    name = "wiredesk.stories"
    verbose_name = "Stories"

    def ready(self) -> None:
        from wiredesk.ingest.signals import wire_item_stored
        from wiredesk.stories import receivers

        wire_item_stored.connect(receivers.cluster_new_item, dispatch_uid="stories")
