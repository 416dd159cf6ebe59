from django.contrib import admin

from wiredesk.ingest.models import FetchRun, Source, WireItem


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name", "agency", "format", "enabled", "auto_publish", "poll_interval",
        "last_success_at", "consecutive_failures",
    ]  # fmt: skip
    list_filter = ["enabled", "auto_publish", "format"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "etag", "last_modified", "next_fetch_at", "last_fetched_at",
        "last_success_at", "consecutive_failures", "last_error",
    ]  # fmt: skip


@admin.register(FetchRun)
class FetchRunAdmin(admin.ModelAdmin):
    list_display = [
        "source", "started_at", "outcome", "http_status", "items_new",
        "items_updated", "items_unchanged",
    ]  # fmt: skip
    list_filter = ["outcome", "source"]


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
