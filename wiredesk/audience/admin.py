"""The desk's view of the audience: feedback to work through, subscribers, digests."""

from __future__ import annotations

from django.contrib import admin

from wiredesk.audience.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "name", "email", "short_message", "page"]
    list_filter = ["status", "created_at"]
    search_fields = ["name", "email", "message", "page"]
    readonly_fields = ["name", "email", "message", "page", "created_at", "mailed_at"]
    actions = ["mark_read", "mark_answered"]
    date_hierarchy = "created_at"

    @admin.display(description="message")
    def short_message(self, obj: Feedback) -> str:
        return obj.message[:80]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening a new message is reading it.
        if str(object_id).isdigit():
            Feedback.objects.filter(pk=object_id, status=Feedback.Status.NEW).update(
                status=Feedback.Status.READ
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Mark as read")
    def mark_read(self, request, queryset) -> None:
        queryset.update(status=Feedback.Status.READ)

    @admin.action(description="Mark as answered")
    def mark_answered(self, request, queryset) -> None:
        queryset.update(status=Feedback.Status.ANSWERED)
