from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site readers see: pages, search and the page cache."""

    name = "wiredesk.reader"
    verbose_name = "Reader site"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from wiredesk import registry
        from wiredesk.reader import cache, menus, receivers, statistics, views

        receivers.connect()
        post_migrate.connect(
            statistics.after_migrate, sender=self, dispatch_uid="reader-statistics"
        )
        registry.periodic_jobs.register(
            "reader-statistics",
            registry.PeriodicJob(
                every=statistics.EVERY_SECONDS, run=statistics.enqueue_refresh
            ),
        )
        # Menus and terms are read again when any process purged (a new generation).
        cache.fragments.on_new_generation.append(menus.snapshot.forget)
        cache.fragments.on_new_generation.append(views.terms.forget)
