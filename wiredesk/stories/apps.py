from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Stories: which wire items tell the same real-world story."""

    name = "wiredesk.stories"
    verbose_name = "Stories"

    def ready(self) -> None:
        from wiredesk import registry
        from wiredesk.ingest.signals import wire_item_stored
        from wiredesk.stories import receivers, refine
        from wiredesk.stories.evaluation import StoriesEvaluation

        wire_item_stored.connect(receivers.cluster_new_item, dispatch_uid="stories")
        registry.evaluators.register("stories", StoriesEvaluation)
        registry.periodic_jobs.register(
            "stories-refine",
            registry.PeriodicJob(every=refine.EVERY, run=refine.enqueue_refine),
        )
