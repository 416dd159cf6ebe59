from django.apps import AppConfig


class IngestConfig(AppConfig):
    """Sources, fetching, parsing and the stored wire items."""

    name = "wiredesk.ingest"
    verbose_name = "Ingest"

    def ready(self) -> None:
        import importlib
        import pkgutil

        from wiredesk import registry
        from wiredesk.ingest import parsers
        from wiredesk.ingest.fetchers import http
        from wiredesk.ingest.tasks import enqueue_due_sources

        registry.fetchers.register("http", http.fetch)
        # Built-in parsers register exactly as a third party's would: each module
        # of the parsers package lists its ParserSpecs in PARSERS.
        for module in pkgutil.iter_modules(parsers.__path__):
            found = importlib.import_module(f"{parsers.__name__}.{module.name}")
            for spec in getattr(found, "PARSERS", ()):
                registry.parsers.register(spec.name, spec)
        registry.periodic_jobs.register(
            "poll-sources", registry.PeriodicJob(every=10, run=enqueue_due_sources)
        )
