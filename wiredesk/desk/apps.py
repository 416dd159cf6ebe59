from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class DeskConfig(AppConfig):
    """The desk: articles and their editorial workflow."""

    name = "wiredesk.desk"
    verbose_name = "Desk"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from wiredesk import registry
        from wiredesk.desk import ratelimit, receivers, roles, tasks
        from wiredesk.drafting.signals import draft_ready
        from wiredesk.stories.signals import story_changed, story_edited

        draft_ready.connect(receivers.article_from_draft, dispatch_uid="desk")
        story_changed.connect(receivers.story_flagged, dispatch_uid="desk-flags")
        story_edited.connect(receivers.story_edited, dispatch_uid="desk-audit")
        post_save.connect(
            receivers.article_created, sender="desk.Article", dispatch_uid="desk"
        )
        post_migrate.connect(roles.ensure_roles, sender=self, dispatch_uid="roles")
        user_login_failed.connect(ratelimit.on_login_failed, dispatch_uid="desk")
        user_logged_in.connect(ratelimit.on_logged_in, dispatch_uid="desk")
        registry.periodic_jobs.register(
            "desk-schedule",
            registry.PeriodicJob(every=20, run=tasks.enqueue_schedule),
        )
