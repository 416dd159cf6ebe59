from django.apps import AppConfig


class DistributionConfig(AppConfig):
    """Outgoing feeds (and later sitemaps and structured data)."""

    name = "wiredesk.distribution"
    verbose_name = "Distribution"
