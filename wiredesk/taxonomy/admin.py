from django.contrib import admin

from wiredesk.taxonomy.models import Country, Edition, Region, Sector


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "sub_region", "intermediate_region"]
    list_filter = ["region", "sub_region"]
    search_fields = ["code", "name", "official_name"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone", "position"]
    filter_horizontal = ["regions", "countries"]
