from django.contrib import admin

from wiredesk.drafting.models import Draft


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ["headline", "dateline", "country", "backend", "updated_at"]
    list_filter = ["backend"]
