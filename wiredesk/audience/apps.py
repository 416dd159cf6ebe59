from django.apps import AppConfig


class AudienceConfig(AppConfig):
    """Newsletter, feedback and trending."""

    name = "wiredesk.audience"
    verbose_name = "Audience"

    def ready(self) -> None:
        from wiredesk import registry
        from wiredesk.audience.tasks import enqueue_digests, enqueue_trending

        registry.periodic_jobs.register(
            "trending", registry.PeriodicJob(every=60, run=enqueue_trending)
        )
        registry.periodic_jobs.register(
            "newsletter-digests", registry.PeriodicJob(every=60, run=enqueue_digests)
        )
