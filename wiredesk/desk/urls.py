from django.urls import path

from wiredesk.desk.views import articles, auth, curation, home, logs, writing

app_name = "desk"
urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.DeskLoginView.as_view(), name="login"),
    path("logout/", auth.DeskLogoutView.as_view(), name="logout"),
    path("queue/", articles.queue, name="queue"),
    path("articles/<int:pk>/", articles.edit, name="edit"),
    path("articles/<int:pk>/action/", articles.action, name="action"),
    path("articles/<int:pk>/update/", articles.apply_update, name="apply-update"),
    path("articles/<int:pk>/clear-flag/", articles.clear_flag, name="clear-flag"),
    path("articles/<int:pk>/revisions/", articles.history, name="revisions"),
    path(
        "articles/<int:pk>/revisions/<int:number>/restore/",
        articles.restore,
        name="restore",
    ),
    path("pieces/", writing.pieces, name="pieces"),
    path("write/", writing.new_piece, name="write"),
    path("briefs/", writing.briefs, name="briefs"),
    path("briefs/new/", writing.brief_form, name="brief-new"),
    path("briefs/<int:pk>/", writing.brief_form, name="brief-edit"),
    path("briefs/<int:pk>/action/", writing.brief_action, name="brief-action"),
    path("authors/", writing.authors, name="authors"),
    path("authors/new/", writing.author_form, name="author-new"),
    path("authors/<int:pk>/", writing.author_form, name="author-edit"),
    path("home-pins/", curation.pins, name="pins"),
    path("audit/", logs.audit_log, name="audit"),
]
