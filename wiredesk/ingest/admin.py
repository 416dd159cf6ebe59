from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from wiredesk.ingest.models import FetchRun, RawDocument, Source, WireItem


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name", "kind", "format", "enabled", "auto_publish", "last_success_at",
        "consecutive_failures", "short_error", "next_fetch_at", "items_24h",
    ]  # fmt: skip
    list_filter = ["enabled", "kind", "auto_publish", "format"]
    search_fields = ["name", "slug", "agency", "url"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "etag", "last_modified", "next_fetch_at", "last_fetched_at",
        "last_success_at", "consecutive_failures", "last_error",
    ]  # fmt: skip
    actions = ["poll_now"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_health()

    @admin.display(description="items 24 h", ordering="items_24h")
    def items_24h(self, obj: Source) -> int:
        return obj.items_24h

    @admin.display(description="last error")
    def short_error(self, obj: Source) -> str:
        return obj.last_error[:80]

    @admin.action(description="Poll the selected sources now")
    def poll_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(next_fetch_at=timezone.now())
        messages.info(request, f"{count} source(s) will be polled at the next tick.")


@admin.register(FetchRun)
class FetchRunAdmin(admin.ModelAdmin):
    list_display = [
        "source", "started_at", "outcome", "http_status", "items_new",
        "items_updated", "items_unchanged", "items_skipped",
    ]  # fmt: skip
    list_filter = ["outcome", "source"]
    readonly_fields = [f.name for f in FetchRun._meta.fields]


@admin.register(WireItem)
class WireItemAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "source",
        "version",
        "signal",
        "published",
        "fetched_at",
    ]
    list_filter = ["source", "signal"]
    search_fields = ["headline", "guid"]
    readonly_fields = [f.name for f in WireItem._meta.fields]


@admin.register(RawDocument)
class RawDocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "format", "size", "received_at"]
    list_filter = ["format", "source"]
    search_fields = ["name", "sha256"]
    exclude = ["data"]
    readonly_fields = ["source", "sha256", "name", "format", "size", "received_at"]
