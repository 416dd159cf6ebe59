from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site readers see."""

    name = "wiredesk.reader"
    verbose_name = "Reader site"
