from django.apps import AppConfig


class WiredeskConfig(AppConfig):
    """The project package: the `wiredesk` command, scheduler and registries."""

    name = "wiredesk"
    verbose_name = "wiredesk"
