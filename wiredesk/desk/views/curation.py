"""Home curation: editors pin top stories on the main home and each edition's."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from wiredesk.desk import audit
from wiredesk.desk.forms import PinForm
from wiredesk.desk.models import Article, HomePin
from wiredesk.desk.views.access import desk_required
from wiredesk.taxonomy.models import Edition


def _edition(request: HttpRequest) -> Edition | None:
    slug = request.POST.get("edition") or request.GET.get("edition") or ""
    return Edition.objects.filter(pk=slug).first() if slug else None


@desk_required("desk.curate_home")
def pins(request: HttpRequest) -> HttpResponse:
    """Pinned stories of one home page, in order; add, move and remove them."""
    edition = _edition(request)
    home = HomePin.objects.filter(edition=edition)
    adding = request.POST.get("op") == "add"
    form = PinForm(request.POST if adding else None, edition=edition)
    if request.method == "POST":
        _change(request, edition, home, form)
        url = reverse("desk:pins")
        return redirect(f"{url}?edition={edition.pk}" if edition else url)
    pinned = list(home.select_related("article"))
    # A pin whose article was unpublished (or expired) stays, but the page skips
    # it: the editor is told so instead of seeing it listed as shown.
    shown = set(
        Article.objects.published()
        .filter(pk__in=[pin.article_id for pin in pinned])
        .values_list("pk", flat=True)
    )
    for pin in pinned:
        pin.shown = pin.article_id in shown
    return render(
        request,
        "desk/pins.html",
        {
            "edition": edition,
            "editions": Edition.objects.all(),
            "pins": pinned,
            "form": form,
        },
    )


def _change(request, edition, home, form) -> None:
    op = request.POST.get("op")
    where = edition.name if edition else "the main home"
    with transaction.atomic():
        if op == "add":
            if not form.is_valid():
                messages.error(
                    request, "Choose a published article not pinned there yet."
                )
                return
            article = form.cleaned_data["article"]
            if home.filter(article=article).exists():
                messages.info(request, "Already pinned there.")
                return
            top = home.aggregate(m=Max("position"))["m"]
            pin = HomePin.objects.create(
                article=article,
                edition=edition,
                position=0 if top is None else top + 1,
            )
            audit.record(request.user, "pin", pin, note=f"on {where}")
            messages.success(request, f"Pinned on {where}.")
            return
        raw_pin = request.POST.get("pin", "")
        pin = (
            home.filter(pk=int(raw_pin)).first()
            if raw_pin.isascii() and raw_pin.isdigit()
            else None
        )
        if pin is None:
            messages.error(request, "That pin is gone.")
            return
        before = audit.state(pin)
        if op == "remove":
            audit.record(request.user, "unpin", pin, before=before, after={})
            pin.delete()
        elif op in {"up", "down"}:
            ordered = list(home.order_by("position", "pk"))
            i = ordered.index(pin)
            j = i - 1 if op == "up" else i + 1
            if 0 <= j < len(ordered):
                ordered[i], ordered[j] = ordered[j], ordered[i]
                for position, each in enumerate(ordered):
                    if each.position != position:
                        HomePin.objects.filter(pk=each.pk).update(position=position)
                pin.refresh_from_db()
                audit.record(request.user, "reorder", pin, before=before)
