from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "wiredesk desk"
admin.site.site_title = "wiredesk desk"

urlpatterns = [
    path("desk/admin/", admin.site.urls),
    path("desk/", include("wiredesk.desk.urls")),
    path("", include("wiredesk.audience.urls")),
    path("", include("wiredesk.distribution.urls")),
    path("", include("wiredesk.reader.urls")),
]
