from django.urls import path

from wiredesk.audience.views import feedback

app_name = "audience"
urlpatterns = [
    path("feedback/", feedback.feedback, name="feedback"),
    path("feedback/thanks/", feedback.feedback_thanks, name="feedback-thanks"),
]
