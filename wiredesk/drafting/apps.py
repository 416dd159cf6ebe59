from django.apps import AppConfig


class DraftingConfig(AppConfig):
    """Drafting: from a story to a publishable draft."""

    name = "wiredesk.drafting"
    verbose_name = "Drafting"

    def ready(self) -> None:
        from wiredesk.drafting import receivers
        from wiredesk.stories.signals import story_changed

        story_changed.connect(receivers.draft_changed_story, dispatch_uid="drafting")
