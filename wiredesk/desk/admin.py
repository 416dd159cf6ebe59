from django.contrib import admin

from wiredesk.desk import service
from wiredesk.desk.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "kind", "status", "dateline", "country", "updated_at"]
    list_filter = ["status", "kind", "edition"]
    search_fields = ["headline", "standfirst"]
    filter_horizontal = ["countries", "secondary_sectors"]
    readonly_fields = [
        "story",
        "first_published_at",
        "last_published_at",
        "modified_at",
    ]

    def save_model(self, request, obj, form, change) -> None:
        # An editor's change to a drafted field sticks when the agency updates.
        if change and form.changed_data:
            service.record_overrides(obj, form.changed_data)
        super().save_model(request, obj, form, change)
