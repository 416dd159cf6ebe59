"""The queue, the edit page (with its conflict page), actions and revisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wiredesk.desk import queue as desk_queue
from wiredesk.desk import revisions, roles, workflow
from wiredesk.desk.forms import ArticleForm, QueueFilter
from wiredesk.desk.models import Article, Revision
from wiredesk.desk.views.access import desk_required, preview_url, public_url
from wiredesk.drafting.models import Draft

_EXTRA = {"lock_version", "is_correction", "correction", "moves_updated"}


@desk_required()
def queue(request: HttpRequest) -> HttpResponse:
    """Drafts from stories and pieces in review, filterable, most urgent first."""
    filters = QueueFilter(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(desk_queue.queue(cleaned), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "desk/queue.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


def _editable(request: HttpRequest, pk: int) -> Article:
    article = get_object_or_404(Article, pk=pk)
    # Writers work on in-house pieces; agency news is the editors' job.
    if article.kind == Article.Kind.NEWS and not roles.can_publish(request.user):
        raise PermissionDenied("only editors edit agency news")
    return article


def _may_change(request: HttpRequest, article: Article) -> None:
    """What readers see (or will see at go-live) changes only by an editor's hand.

    A writer may edit a piece until it is scheduled or published; after that a save
    or a restore would reach readers without review.
    """
    live = article.status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
    if live and not roles.can_publish(request.user):
        raise PermissionDenied("only editors change a published or scheduled piece")


def _lock_version(request: HttpRequest) -> int:
    """The form's lock_version; anything unreadable counts as stale (a conflict)."""
    try:
        return int(request.POST.get("lock_version", -1))
    except (TypeError, ValueError):
        return -1


def _edit_context(request, article: Article, form: ArticleForm) -> dict:
    draft = Draft.objects.filter(story_id=article.story_id).first()
    pending = []
    if article.pending_update:
        now = revisions.snapshot(article)
        offered = {**now, **article.pending_update}
        pending = revisions.diff(now, offered)
    allowed = workflow.allowed_actions(article, request.user)
    return {
        "article": article,
        "form": form,
        "draft": draft,
        "pending": pending,
        # Unpublishing asks first (its own page), so it is no button of the form.
        "actions": [a for a in allowed if a[0] != "unpublish"],
        "can_unpublish": any(a[0] == "unpublish" for a in allowed),
        "can_publish": roles.can_publish(request.user),
        # A merge withdrew it: no publish buttons, but how to bring it back.
        "merged_refusal": workflow.merged_refusal(article),
        "preview_url": preview_url(article),
        "public_url": public_url(article),
        "revision_count": article.revisions.count(),
    }


def _step(request: HttpRequest) -> str:
    """The workflow step a button asked for with the edit form ("" for a plain Save).

    Checked before anything is saved: a forged step is refused outright, and a
    writer's "publish" is a 403, not a save followed by a refusal.
    """
    name = request.POST.get("action", "")
    if not name:
        return ""
    step = workflow.TRANSITIONS.get(name)
    if step is None:
        raise SuspiciousOperation(f"unknown workflow action {name!r}")
    if step.editor_only and not roles.can_publish(request.user):
        raise PermissionDenied(f"only editors may {name} articles")
    return name


def _done(request: HttpRequest, article: Article, name: str) -> None:
    """Take the workflow step after the save; its refusal is said, not raised."""
    try:
        workflow.transition(article, name, request.user)
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{workflow.TRANSITIONS[name].label}: done.")


@desk_required()
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an article; a stale lock_version shows the conflict page instead.

    The workflow buttons ("Publish now", "Schedule", ...) submit the edit form with
    an ``action``: the edit is saved first, exactly as by Save, then the step is
    taken, so nothing typed is lost. An invalid form or a conflict takes no step.
    With nothing edited the step alone is taken, as from the queue, and a plain
    Save saves nothing (``_edited``).
    """
    article = _editable(request, pk)
    if request.method != "POST":
        form = ArticleForm(instance=article)
        return render(request, "desk/edit.html", _edit_context(request, article, form))
    name = _step(request)
    if name == "unpublish":  # asked first (``action``); nothing typed is saved
        return _confirm_unpublish(request, article, unsaved=True)
    label = workflow.TRANSITIONS[name].label if name else ""
    form = ArticleForm(request.POST, request.FILES, instance=article)
    if not _edited(form):
        if name:
            _done(request, article, name)
        else:
            messages.info(request, NOTHING_TO_SAVE)
        return redirect("desk:edit", pk=pk)
    _may_change(request, article)
    valid = form.is_valid()
    if valid and name in workflow.MERGED_REFUSED:
        valid = _may_go_live(form, name)
    if not valid:
        if name:
            messages.error(request, f"Not saved, and {label!r} not done: see below.")
        return render(
            request,
            "desk/edit.html",
            _edit_context(request, Article.objects.get(pk=pk), form),
            status=400,
        )
    data = form.cleaned_data
    try:
        saved = workflow.save_edit(
            form.instance,
            user=request.user,
            expected_version=data["lock_version"],
            changed=[f for f in form.changed_data if f not in _EXTRA],
            many=form.many,
            correction_note=data["correction"] if data["is_correction"] else "",
            moves_updated=data["moves_updated"],
        )
    except workflow.EditConflict as conflict:
        if name:
            messages.error(request, f"{label!r} not done: your changes were not saved.")
        return _conflict(request, form, conflict.current)
    messages.success(request, "Saved.")
    if name:
        _done(request, saved, name)
    return redirect("desk:edit", pk=pk)


NOTHING_TO_SAVE = "Nothing to save: no field changed."


def _edited(form: ArticleForm) -> bool:
    """Whether the form changes anything: a field typed in, or the correction
    or "substantive update" tick. A form sent back as shown (the body one block
    a line, a browser's CRLF newlines) is no edit: saved, it would be audited
    and revised as one and bump the lock, so another editor's open form would
    meet a conflict over nothing. A correction typed without its tick is not
    saved either way."""
    return any(f not in {"lock_version", "correction"} for f in form.changed_data)


def _may_go_live(form: ArticleForm, name: str) -> bool:
    """Whether the edit, saved, may then be published, scheduled or submitted
    for review: checked before saving, so a refused step saves nothing (errors
    on the fields).

    The form keeps a stored past expiry sent back unchanged (a plain save of an
    expired article), but it must not let the article go live
    (``workflow.expiry_passed``), nor may an article a merge withdrew be
    published or sent to review (``workflow.merged_refusal``).
    """
    merged = workflow.merged_refusal(form.instance)
    if merged:
        form.add_error(None, merged)
    if name == "submit":  # to review: no expiry or go-live time is checked yet
        return not form.errors
    data, now = form.cleaned_data, timezone.now()
    go = data.get("go_live_at")
    if name == "schedule" and (not go or go <= now):
        form.add_error("go_live_at", "Set a go-live time in the future.")
    expired = workflow.expiry_passed(
        data.get("expire_at"), go if name == "schedule" else None, now
    )
    if expired:
        form.add_error("expire_at", f"{expired}.")
    return not form.errors


def _conflict(request, form: ArticleForm, current: Article) -> HttpResponse:
    """Both versions side by side; the editor's own text is kept in a new form."""
    theirs = revisions.snapshot(current)
    yours = revisions.snapshot(form.instance) | {
        name: sorted(obj.pk for obj in values) for name, values in form.many.items()
    }
    data = request.POST.copy()
    data["lock_version"] = str(current.lock_version)
    last = current.revisions.first()
    return render(
        request,
        "desk/conflict.html",
        {
            "article": current,
            "theirs": theirs,
            "who": last.author_name if last else "someone",
            "when": last.created_at if last else current.modified_at,
            "changes": revisions.diff(theirs, yours),
            "form": ArticleForm(data, instance=current),
            # A browser cannot send a chosen file again: say which to attach anew.
            "unsent_files": [f.name for f in request.FILES.values()],
        },
        status=409,
    )


@desk_required()
@require_POST
def action(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit, publish, schedule, unpublish or send back: one workflow step.

    Unpublishing asks first: without ``confirm=yes`` the confirmation page is
    shown and nothing changes, so a stray click cannot take a live article down.
    """
    article = _editable(request, pk)
    name = request.POST.get("action", "")
    if name == "unpublish" and request.POST.get("confirm") != "yes":
        return _confirm_unpublish(request, article)
    _done(request, article, name)
    return redirect("desk:edit", pk=pk)


def _confirm_unpublish(
    request: HttpRequest, article: Article, *, unsaved: bool = False
) -> HttpResponse:
    """What unpublishing does, and the button that does it (a plain POST form).

    ``unsaved``: asked from the edit form, whose typed changes were not saved.
    """
    if not roles.can_publish(request.user):
        raise PermissionDenied("only editors may unpublish articles")
    step = workflow.TRANSITIONS["unpublish"]
    context = {
        "article": article,
        "possible": article.status in step.sources,
        "public_url": public_url(article),
        "pinned": article.pins.count(),
        "unsaved": unsaved,
    }
    return render(request, "desk/unpublish.html", context)


@desk_required("desk.publish_article")
@require_POST
def apply_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the agency's new version of the fields an editor had changed, or
    (``choice=keep``, "Keep my version") refuse it and keep the editor's text."""
    article = get_object_or_404(Article, pk=pk)
    keep = request.POST.get("choice") == "keep"
    step = workflow.keep_version if keep else workflow.apply_update
    try:
        step(article, user=request.user, expected_version=_lock_version(request))
    except workflow.EditConflict:
        messages.error(request, "The article changed meanwhile; look again.")
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "Your version kept." if keep else "Agency version applied."
        )
    return redirect("desk:edit", pk=pk)


@desk_required("desk.publish_article")
@require_POST
def clear_flag(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    workflow.clear_attention(article, user=request.user)
    messages.success(request, "Flag cleared.")
    return redirect("desk:edit", pk=pk)


@desk_required()
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every revision, each diffed against the one before it."""
    article = _editable(request, pk)
    rows = []
    revs = list(article.revisions.select_related("user").order_by("-number"))
    for i, rev in enumerate(revs):
        older = revs[i + 1].snapshot if i + 1 < len(revs) else {}
        rows.append((rev, revisions.diff(older, rev.snapshot) if older else []))
    return render(request, "desk/revisions.html", {"article": article, "rows": rows})


@desk_required()
@require_POST
def restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    article = _editable(request, pk)
    _may_change(request, article)
    revision = get_object_or_404(Revision, article=article, number=number)
    try:
        workflow.restore(
            article,
            revision,
            user=request.user,
            expected_version=_lock_version(request),
        )
    except workflow.EditConflict:
        messages.error(request, "The article changed meanwhile; look again.")
        return redirect("desk:revisions", pk=pk)
    messages.success(request, f"Revision {number} restored.")
    return redirect("desk:edit", pk=pk)
