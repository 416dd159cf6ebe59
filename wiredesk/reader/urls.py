from django.urls import path

from wiredesk.reader import views

app_name = "reader"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/<int:pk>/<str:slug>/", views.article, name="article"),
]
