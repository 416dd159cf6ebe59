from django.apps import AppConfig


class IngestConfig(AppConfig):
    """Sources, fetching, parsing and the stored wire items."""

    name = "wiredesk.ingest"
    verbose_name = "Ingest"

    def ready(self) -> None:
        from wiredesk import registry
        from wiredesk.ingest.fetchers import http
        from wiredesk.ingest.parsers import feed
        from wiredesk.ingest.tasks import enqueue_due_sources

        registry.fetchers.register("http", http.fetch)
        registry.parsers.register("rss", feed.parse)
        registry.parsers.register("atom", feed.parse)
        registry.periodic_jobs.register(
            "poll-sources", registry.PeriodicJob(every=10, run=enqueue_due_sources)
        )
