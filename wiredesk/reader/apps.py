from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site readers see: pages, search and the page cache."""

    name = "wiredesk.reader"
    verbose_name = "Reader site"

    def ready(self) -> None:
        from wiredesk.reader import cache, menus, receivers

        receivers.connect()
        # Menus are read again when another process purged (a new generation).
        cache.fragments.on_new_generation.append(menus.snapshot.forget)
