from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The desk: articles and their editorial workflow."""

    name = "wiredesk.desk"
    verbose_name = "Desk"

    def ready(self) -> None:
        from wiredesk.desk import receivers
        from wiredesk.drafting.signals import draft_ready

        draft_ready.connect(receivers.article_from_draft, dispatch_uid="desk")
