from django.urls import path

from wiredesk.audience.views import feedback, trending

app_name = "audience"
urlpatterns = [
    path("feedback/", feedback.feedback, name="feedback"),
    path("feedback/thanks/", feedback.feedback_thanks, name="feedback-thanks"),
    path("t/<str:token>/", trending.beacon, name="beacon"),
]
