from django.urls import path

from wiredesk.audience.views import feedback, newsletter, trending

app_name = "audience"
urlpatterns = [
    path("feedback/", feedback.feedback, name="feedback"),
    path("feedback/thanks/", feedback.feedback_thanks, name="feedback-thanks"),
    path("t/<str:token>/", trending.beacon, name="beacon"),
    path("newsletter/", newsletter.subscribe, name="subscribe"),
    path("newsletter/token/", newsletter.csrf_token_view, name="csrf-token"),
    path("newsletter/check-inbox/", newsletter.check_inbox, name="check-inbox"),
    path("newsletter/confirm/<str:token>/", newsletter.confirm, name="confirm"),
    path(
        "newsletter/unsubscribe/<str:token>/",
        newsletter.unsubscribe,
        name="unsubscribe",
    ),
    path(
        "newsletter/preferences/<str:token>/",
        newsletter.preferences,
        name="preferences",
    ),
    path(
        "newsletter/preferences/<str:token>/export.json",
        newsletter.export,
        name="export",
    ),
    path("newsletter/preferences/<str:token>/erase/", newsletter.erase, name="erase"),
    path(
        "newsletter/bounces/<str:token>/",
        newsletter.bounces_endpoint,
        name="bounces",
    ),
]
