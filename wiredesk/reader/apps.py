from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site readers see: pages, search and the page cache."""

    name = "wiredesk.reader"
    verbose_name = "Reader site"

    def ready(self) -> None:
        from wiredesk.reader import receivers

        receivers.connect()
