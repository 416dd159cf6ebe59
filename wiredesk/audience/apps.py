from django.apps import AppConfig


class AudienceConfig(AppConfig):
    """Newsletter, feedback and trending (built by the audience issue)."""

    name = "wiredesk.audience"
    verbose_name = "Audience"
