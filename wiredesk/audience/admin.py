"""The desk's view of the audience: feedback to work through, subscribers, digests."""

from __future__ import annotations

from django.contrib import admin

from wiredesk.audience.models import (
    Bounce,
    Digest,
    DigestSettings,
    Feedback,
    SendLog,
    Subscriber,
)


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
        self._mark(request, queryset, Feedback.Status.READ)

    @admin.action(description="Mark as answered")
    def mark_answered(self, request, queryset) -> None:
        self._mark(request, queryset, Feedback.Status.ANSWERED)

    def _mark(self, request, queryset, status: Feedback.Status) -> None:
        """Set the status and say how many: the list alone did not show that
        the action ran (a desk review found it silent)."""
        count = queryset.update(status=status)
        noun = "message" if count == 1 else "messages"
        self.message_user(
            request, f"{count} feedback {noun} marked as {status.label.lower()}."
        )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "created_at", "confirmed_at", "hard_bounces"]
    list_filter = ["status", "editions"]
    search_fields = ["email"]
    filter_horizontal = ["editions", "sectors"]
    readonly_fields = ["token", "created_at", "confirmed_at", "unsubscribed_at"]


@admin.register(DigestSettings)
class DigestSettingsAdmin(admin.ModelAdmin):
    list_display = ["edition", "enabled", "send_at", "time_zone", "top_count"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["day", "edition", "status", "sent_count", "finished_at"]
    list_filter = ["status", "edition"]
    readonly_fields = ["top_ids", "latest_ids", "lease_until", "lease_holder"]

    @admin.display(description="sent")
    def sent_count(self, obj: Digest) -> int:
        return obj.sends.filter(status=SendLog.Status.SENT).count()


@admin.register(Bounce)
class BounceAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "email", "reason"]
    list_filter = ["kind"]
    search_fields = ["email"]
