"""Writers' pages: opinion, blog posts and interviews, briefs, author profiles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wiredesk.desk import audit, roles, workflow
from wiredesk.desk.forms import AuthorForm, BriefForm, PieceForm
from wiredesk.desk.models import Article, Author, Brief
from wiredesk.desk.views.access import desk_required

S = Article.Status


@desk_required()
def pieces(request: HttpRequest) -> HttpResponse:
    """In-house pieces (opinion, blog, interview), newest first."""
    items = (
        Article.objects.exclude(kind=Article.Kind.NEWS)
        .select_related("author")
        .order_by("-modified_at")[:200]
    )
    return render(request, "desk/pieces.html", {"pieces": items})


@desk_required("desk.add_article")
def new_piece(request: HttpRequest) -> HttpResponse:
    """Write an opinion, blog post or interview; it starts as a draft."""
    own = Author.objects.filter(user=request.user).first()
    form = PieceForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": request.GET.get("kind", "opinion"), "author": own},
    )
    if request.method == "POST" and form.is_valid():
        article = workflow.create_article(
            form.instance, user=request.user, many=form.many
        )
        messages.success(request, "Draft saved. Submit it for review when ready.")
        return redirect("desk:edit", pk=article.pk)
    return render(request, "desk/piece_new.html", {"form": form})


# -- briefs ---------------------------------------------------------------------------

BRIEF_ACTIONS = {
    # action: (allowed from, to, editors only)
    "submit": ({S.DRAFT, S.UNPUBLISHED}, S.IN_REVIEW, False),
    "publish": ({S.DRAFT, S.IN_REVIEW, S.UNPUBLISHED}, S.PUBLISHED, True),
    "unpublish": ({S.PUBLISHED}, S.UNPUBLISHED, True),
}


@desk_required("desk.view_brief")
def briefs(request: HttpRequest) -> HttpResponse:
    items = Brief.objects.select_related("edition", "sector", "created_by").order_by(
        "-created_at"
    )[:200]
    can_publish = roles.can_publish(request.user)
    rows = [
        (
            b,
            [
                a
                for a, (sources, _, editor_only) in BRIEF_ACTIONS.items()
                if b.status in sources and (can_publish or not editor_only)
            ],
        )
        for b in items
    ]
    return render(request, "desk/briefs.html", {"rows": rows})


@desk_required("desk.add_brief")
def brief_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    brief = get_object_or_404(Brief, pk=pk) if pk else Brief(created_by=request.user)
    if (
        request.method == "POST"
        and brief.status == Article.Status.PUBLISHED
        and not roles.can_publish(request.user)
    ):
        raise PermissionDenied("only editors change a published brief")
    before = audit.state(brief) if pk else {}  # before validation writes to it
    form = BriefForm(request.POST or None, instance=brief)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit.record(request.user, "edit" if pk else "create", brief, before=before)
        messages.success(request, "Brief saved.")
        return redirect("desk:briefs")
    return render(request, "desk/brief_form.html", {"form": form, "brief": brief})


@desk_required("desk.change_brief")
@require_POST
def brief_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit, publish or unpublish a brief; only editors publish."""
    name = request.POST.get("action", "")
    if name not in BRIEF_ACTIONS:
        messages.error(request, f"Unknown action {name!r}.")
        return redirect("desk:briefs")
    sources, target, editor_only = BRIEF_ACTIONS[name]
    if editor_only and not roles.can_publish(request.user):
        raise PermissionDenied("only editors publish briefs")
    with transaction.atomic():
        brief = get_object_or_404(Brief.objects.select_for_update(), pk=pk)
        if brief.status not in sources:
            messages.error(request, f"Cannot {name} a brief that is {brief.status}.")
            return redirect("desk:briefs")
        before = audit.state(brief)
        brief.status = target
        if target == S.PUBLISHED:
            brief.published_at = timezone.now()
        brief.save()
        audit.record(request.user, name, brief, before=before)
    messages.success(request, f"Brief: {name} done.")
    return redirect("desk:briefs")


# -- authors --------------------------------------------------------------------------


@desk_required("desk.view_author")
def authors(request: HttpRequest) -> HttpResponse:
    return render(
        request, "desk/authors.html", {"authors": Author.objects.order_by("name")}
    )


@desk_required("desk.add_author")
def author_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    author = get_object_or_404(Author, pk=pk) if pk else Author()
    # Read before validation: a valid form has already written its values to
    # the instance, and the entry's "before" would be the "after".
    before = audit.state(author) if pk else {}
    form = AuthorForm(request.POST or None, request.FILES or None, instance=author)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit.record(
                request.user, "edit" if pk else "create", author, before=before
            )
        messages.success(request, f"Author {author.name} saved.")
        return redirect("desk:authors")
    return render(request, "desk/author_form.html", {"form": form, "author": author})
