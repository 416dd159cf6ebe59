"""Newsletter pages: sign-up, confirmation, preferences, export, erasure, unsubscribe.

The sign-up box sits on fully cached pages, so the token it carries may belong to
someone else. The box's script fetches a fresh token first (``csrf_token_view``);
without the script, or when the token fails, the sign-up view shows the full form
again, filled in, with a token of the reader's own, and acts only on a valid one.
"""

from __future__ import annotations

import json

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from wiredesk.audience import ratelimits
from wiredesk.audience.forms import InterestsForm, SubscribeForm
from wiredesk.audience.models import Subscriber
from wiredesk.audience.newsletter import subscriptions


def csrf_passes(request: HttpRequest) -> bool:
    """Django's own CSRF check, run by hand for a view that answers a failure
    with a fresh form instead of a 403."""
    return (
        CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {})
        is None
    )


@never_cache
def csrf_token_view(request: HttpRequest) -> JsonResponse:
    """A fresh CSRF token (and cookie) for the sign-up box of a cached page."""
    return JsonResponse({"token": get_token(request)})


@never_cache
@csrf_exempt  # checked by hand below: a failure re-renders the form
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "audience/subscribe.html", {"form": SubscribeForm()})
    form = SubscribeForm(request.POST)
    if not csrf_passes(request):
        form = SubscribeForm(
            initial={
                "email": request.POST.get("email", ""),
                "editions": request.POST.getlist("editions"),
                "sectors": request.POST.getlist("sectors"),
            }
        )
        return render(
            request,
            "audience/subscribe.html",
            {"form": form, "please_confirm": True},
        )
    if ratelimits.over_ip_limit(request, "subscribe", ratelimits.SUBSCRIBE_PER_IP):
        return render(request, "audience/rate_limited.html", status=429)
    if not form.is_valid():
        return render(request, "audience/subscribe.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    may_mail = not ratelimits.over_address_limit(request, "subscribe", email)
    subscriptions.request_subscription(
        email,
        form.cleaned_data["editions"],
        form.cleaned_data["sectors"],
        may_mail=may_mail,
    )
    return redirect("audience:check-inbox")


@never_cache
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "audience/check_inbox.html")


@never_cache
@csrf_protect
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method == "POST":
        subscriber = subscriptions.confirm(token)
        status = 200 if subscriber else 400
        context = {"subscriber": subscriber}
        return render(request, "audience/confirmed.html", context, status=status)
    return render(request, "audience/confirm.html", {"token": token})


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST here without a token; idempotent
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        subscriber = subscriptions.unsubscribe(token)
        if subscriber is None:
            raise Http404("unknown unsubscribe link")
        return render(request, "audience/unsubscribed.html", {"subscriber": subscriber})
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    subscriber = get_object_or_404(Subscriber, token=token)
    return render(request, "audience/unsubscribe.html", {"subscriber": subscriber})


@never_cache
@csrf_protect
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber, token=token)
    saved = False
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "unsubscribe":
            subscriptions.unsubscribe(token)
        elif action == "resubscribe":
            subscriptions.resubscribe(subscriber)
        form = InterestsForm(request.POST)
        if action == "save" and form.is_valid():
            subscriber.editions.set(form.cleaned_data["editions"])
            subscriber.sectors.set(form.cleaned_data["sectors"])
            saved = True
        subscriber.refresh_from_db()
    form = InterestsForm(
        initial={
            "editions": list(subscriber.editions.all()),
            "sectors": list(subscriber.sectors.all()),
        }
    )
    context = {"subscriber": subscriber, "form": form, "saved": saved}
    return render(request, "audience/preferences.html", context)


@never_cache
def export(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber, token=token)
    body = json.dumps(subscriptions.export(subscriber), indent=2)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="newsletter-data.json"'
    return response


@never_cache
@csrf_protect
def erase(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    subscriber = get_object_or_404(Subscriber, token=token)
    subscriptions.erase(subscriber)
    return render(request, "audience/erased.html")


@csrf_exempt  # a machine posts here; the secret in the URL is the guard
def bounces_endpoint(request: HttpRequest, token: str) -> HttpResponse:
    """Inbound bounces from the mail server or the sending service.

    Accepts JSON ({"email", "kind": "hard"|"soft", "reason"} or a list of them)
    or a raw delivery status notification (message/rfc822 or multipart/report).
    """
    from django.utils.crypto import constant_time_compare

    from wiredesk.audience.newsletter import bounces

    if not constant_time_compare(token, bounces.endpoint_token()):
        raise Http404("unknown endpoint")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
            items = data if isinstance(data, list) else [data]
            reports = [
                bounces.BounceReport(
                    str(i["email"]),
                    str(i.get("kind", "hard")),
                    str(i.get("reason", "")),
                )
                for i in items
            ]
            for report in reports:
                bounces.record(report)
        except (ValueError, KeyError, TypeError) as exc:
            return JsonResponse({"error": f"bad bounce report: {exc}"}, status=400)
    else:
        reports = bounces.parse_dsn(request.body)
        for report in reports:
            bounces.record(report)
    return JsonResponse({"recorded": len(reports)})
