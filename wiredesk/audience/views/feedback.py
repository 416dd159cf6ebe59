"""Give Feedback: a form that stores the message for the desk (and mails it)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from wiredesk.audience import ratelimits
from wiredesk.audience.forms import FeedbackForm, local_page, started_token
from wiredesk.audience.tasks import mail_feedback


@never_cache
@csrf_protect
def feedback(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = FeedbackForm(initial={"page": local_page(request.GET.get("page", ""))})
        return render(request, "audience/feedback.html", {"form": form})
    if ratelimits.over_ip_limit(request, "feedback", ratelimits.FEEDBACK_PER_IP):
        return render(request, "audience/rate_limited.html", status=429)
    form = FeedbackForm(request.POST)
    if form.is_trap:
        return redirect("audience:feedback-thanks")
    if not form.is_valid():
        # A fresh start time, so a person who was merely quick can send again.
        form.data = form.data.copy()
        form.data["started"] = started_token()
        return render(request, "audience/feedback.html", {"form": form}, status=400)
    with transaction.atomic():
        item = form.save()
        transaction.on_commit(lambda: mail_feedback.enqueue(item.pk))
    return redirect("audience:feedback-thanks")


@never_cache
def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "audience/feedback_thanks.html")
