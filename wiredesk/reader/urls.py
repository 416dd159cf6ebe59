from django.urls import path, re_path

from wiredesk.reader import views

app_name = "reader"
urlpatterns = [
    path("", views.home, name="home"),
    path("latest/", views.latest, name="latest"),
    path("news/<int:pk>/preview/", views.article_preview, name="article-preview"),
    path("news/<int:pk>/<str:slug>/", views.article, name="article"),
    path("news/<int:pk>/", views.article, name="article-short"),
    path("sector/<slug:slug>/", views.sector, name="sector"),
    re_path(r"^(?P<kind>opinion|blog|interview)/$", views.section, name="section"),
    path("edition/<slug:slug>/", views.edition, name="edition"),
    path("country/<str:code>/", views.country, name="country"),
    path("author/<str:slug>/", views.author, name="author"),
    path("briefs/", views.briefs, name="briefs"),
    path("search/", views.search_page, name="search"),
    # Footer pages last: a bare slug, so every other path is matched first.
    path("<slug:slug>/", views.footer_page, name="page"),
]
