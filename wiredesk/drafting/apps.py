from django.apps import AppConfig
from django.core import checks


class DraftingConfig(AppConfig):
    """Drafting: from a story to a publishable draft."""

    name = "wiredesk.drafting"
    verbose_name = "Drafting"

    def ready(self) -> None:
        from wiredesk import registry
        from wiredesk.drafting import receivers, system_checks
        from wiredesk.drafting.backends.default import DefaultBackend
        from wiredesk.drafting.backends.openai_compatible import OpenAICompatibleBackend
        from wiredesk.drafting.evaluation import CountriesEvaluation
        from wiredesk.drafting.summaries_eval import SummariesEvaluation
        from wiredesk.stories.signals import story_changed

        story_changed.connect(receivers.draft_changed_story, dispatch_uid="drafting")
        registry.evaluators.register("countries", CountriesEvaluation)
        registry.evaluators.register("summaries", SummariesEvaluation)
        registry.drafting_backends.register(DefaultBackend.name, DefaultBackend)
        registry.drafting_backends.register(
            OpenAICompatibleBackend.name, OpenAICompatibleBackend
        )
        checks.register(system_checks.drafting_backend)
        checks.register(system_checks.credit_line)
