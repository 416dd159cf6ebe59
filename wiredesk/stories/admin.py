from django.contrib import admin

from wiredesk.stories.models import Story, StoryItem


class StoryItemInline(admin.TabularInline):
    model = StoryItem
    fields = ["item", "role", "score", "joined_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["headline", "created_at", "updated_at", "needs_attention"]
    list_filter = ["needs_attention"]
    search_fields = ["headline"]
    inlines = [StoryItemInline]
    exclude = ["fingerprint"]
