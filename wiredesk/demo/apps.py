from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The built-in demo: a wire service on loopback and the sources that poll it."""

    name = "wiredesk.demo"
    verbose_name = "Demo"
