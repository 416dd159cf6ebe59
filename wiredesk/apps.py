from django.apps import AppConfig


class WiredeskConfig(AppConfig):
    """The project package: the `wiredesk` command, scheduler and registries."""

    name = "wiredesk"
    verbose_name = "wiredesk"

    def ready(self) -> None:
        from wiredesk import limits, registry

        # One DELETE of ended windows: cheaper than enqueuing a task to run it.
        registry.periodic_jobs.register(
            "rate-limit-sweep", registry.PeriodicJob(every=3600, run=limits.sweep)
        )
