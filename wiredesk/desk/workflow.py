"""The editorial workflow: who may move an article where, and every save under a lock.

States, in the vocabulary of Wagtail and other CMSs: draft → in review → scheduled
or published → unpublished. Every action checks the user's permission, writes the
audit log, and (for content) a revision. Saves use optimistic locking on
``Article.lock_version``: the second of two editors gets ``EditConflict``, never a
silent overwrite.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wiredesk.desk import audit, revisions, roles, service
from wiredesk.desk.forms import desk_time
from wiredesk.desk.models import Article, AuditLog, HomePin
from wiredesk.ingest.models import WireItem
from wiredesk.stories.models import Story, StoryItem

log = logging.getLogger(__name__)
S = Article.Status


class TransitionError(ValueError):
    """The article is not in a state the action starts from."""


class EditConflict(Exception):
    """Someone saved the article since this editor opened it."""

    def __init__(self, current: Article) -> None:
        super().__init__(
            f"article {current.pk} was saved by someone else "
            f"(now version {current.lock_version})"
        )
        self.current = current


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[str]
    target: str
    editor_only: bool


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        "Submit for review", frozenset({S.DRAFT, S.UNPUBLISHED}), S.IN_REVIEW, False
    ),
    "return": Transition("Back to draft", frozenset({S.IN_REVIEW}), S.DRAFT, True),
    "publish": Transition(
        "Publish now",
        frozenset({S.DRAFT, S.IN_REVIEW, S.SCHEDULED, S.UNPUBLISHED}),
        S.PUBLISHED,
        True,
    ),
    "schedule": Transition(
        "Schedule",
        frozenset({S.DRAFT, S.IN_REVIEW, S.UNPUBLISHED}),
        S.SCHEDULED,
        True,
    ),
    "unpublish": Transition(
        "Unpublish", frozenset({S.PUBLISHED, S.SCHEDULED}), S.UNPUBLISHED, True
    ),
}


# What an article a merge withdrew may not do (``merged_refusal``): go live, or
# go to review, where an editor would publish it next. A split in the story
# admin gives it back its state instead (``unmerge``, which sets it directly).
MERGED_REFUSED = frozenset({"submit", "publish", "schedule"})


def allowed_actions(article: Article, user) -> list[tuple[str, str]]:
    """(action, label) pairs the user may take on the article now: none that
    submits, publishes or schedules an article a merge withdrew
    (``MERGED_REFUSED``)."""
    publisher = roles.can_publish(user)
    withdrawn = MERGED_REFUSED if article.merged_into_id else frozenset()
    return [
        (name, t.label)
        for name, t in TRANSITIONS.items()
        if article.status in t.sources
        and (publisher or not t.editor_only)
        and name not in withdrawn
    ]


def transition(
    article: Article, action: str, user, *, now=None, due: bool = False
) -> Article:
    """Move the article along the workflow; PermissionDenied for a writer publishing.

    ``user`` None is the system (the scheduler, a kill), which may do anything.
    ``due``: the scheduler publishing a scheduled article at its go-live time. It
    chose the article in an earlier query, so under the article's lock it looks
    again: an article no longer scheduled (an editor unpublished it) is left as
    it is, a kill that landed since (the story's only agency withdrew it) holds
    the article, flagged, and a go-live time moved later leaves it scheduled;
    the article is then returned unpublished. Anyone else's submit, publish or
    schedule of an article a merge withdrew, or publish or schedule of one whose
    expiry comes before it would go live, is refused (``_check_publishable``).
    """
    try:
        step = TRANSITIONS[action]
    except KeyError:
        known = ", ".join(TRANSITIONS)
        raise TransitionError(f"unknown action {action!r} (known: {known})") from None
    if user is not None and step.editor_only and not roles.can_publish(user):
        raise PermissionDenied(f"{user.get_username()} may not {action} articles")
    now = now or timezone.now()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if due and article.status != S.SCHEDULED:
            return article  # unpublished or taken back meanwhile: the desk decided
        if article.status not in step.sources:
            raise TransitionError(
                f"cannot {action} article {article.pk}: it is {article.status}"
            )
        if due and (not article.go_live_at or article.go_live_at > now):
            return article
        if due and _withdrawn(article):
            _hold(article)
            return article
        if not due and action in MERGED_REFUSED:
            _check_publishable(article, action, now)
        before = audit.state(article)
        if action == "publish":
            if article.go_live_at and article.go_live_at > now:
                article.go_live_at = None  # published now: the schedule is void
            article.publish(now)
        elif action == "schedule":
            if not article.go_live_at or article.go_live_at <= now:
                raise TransitionError(
                    f"cannot schedule article {article.pk}: set a go-live time "
                    "in the future first"
                )
            article.status, article.live = S.SCHEDULED, False
        elif action == "unpublish":
            article.status, article.live = S.UNPUBLISHED, False
        else:
            article.status = step.target
        article.save()
        audit.record(user, action, article, before=before)
    return article


def merged_refusal(article: Article) -> str:
    """Why an article a merge withdrew (``merged_into`` set) is not published or
    scheduled as it is ("" when it was not withdrawn).

    Published as it is, it would be live with no story (the merge deleted its
    story), the kept article would still say "Merged with" it, its home pins
    would stay with the kept article, and a later split of its items would draft
    a second article for the same copy. A split in the story admin undoes the
    merge whole (``unmerge``): it relinks the article, gives back its pins and
    state, and brings the flags up to date.
    """
    if not article.merged_into_id:
        return ""
    story = (
        Article.objects.filter(pk=article.merged_into_id)
        .values_list("story_id", flat=True)
        .first()
    )
    where = f"story {story}" if story else "the story now telling them"
    return (
        f"Article {article.pk} was merged into article {article.merged_into_id}: "
        f"to publish it again, split its agency items out of {where} in the story "
        "admin, which gives it back its story, home pins and state."
    )


def expiry_passed(
    expire_at: datetime | None, go_live_at: datetime | None, now: datetime | None = None
) -> str:
    """Why an article expiring at ``expire_at`` cannot go live now or at
    ``go_live_at`` ("" when it can): it would be live with readers answered 410
    and the scheduler's next run would take it down again. Refused rather than
    cleared: the editor set that expiry, and only they know whether the piece
    may stay up for good or needs a new one.
    """
    now = now or timezone.now()
    if expire_at is None or expire_at > max(now, go_live_at or now):
        return ""
    with timezone.override(ZoneInfo(settings.SITE_TIME_ZONE)):
        when = desk_time(expire_at)
    return f"Its expiry {when} has passed: clear or move Expire at"


def _check_publishable(article: Article, action: str, now: datetime) -> None:
    """Refuse an editor's submit, publish or schedule of an article a merge
    withdrew, or a publish or schedule of one whose expiry comes before it
    would go live (TransitionError)."""
    refusal = merged_refusal(article)
    if not refusal and action != "submit":
        go = article.go_live_at if action == "schedule" else None
        refusal = expiry_passed(article.expire_at, go, now)
    if refusal:
        raise TransitionError(refusal)


# -- editing --------------------------------------------------------------------------


def save_edit(
    article: Article,
    *,
    user,
    expected_version: int,
    changed: list[str],
    many: dict[str, list] | None = None,
    correction_note: str = "",
    moves_updated: bool = False,
    note: str = "",
) -> Article:
    """Save an editor's changes to ``article`` (already set on the instance).

    Raises EditConflict when the article's lock_version is no longer
    ``expected_version``. A correction note, or ``moves_updated``, moves the
    article's Updated: time to now; the correction note is shown to readers.
    """
    if user is not None and not user.has_perm("desk.change_article"):
        raise PermissionDenied(f"{user.get_username()} may not edit articles")
    with transaction.atomic():
        stored = Article.objects.select_for_update().filter(pk=article.pk).first()
        claimed = Article.objects.filter(
            pk=article.pk, lock_version=expected_version
        ).update(lock_version=F("lock_version") + 1)
        if not claimed:
            raise EditConflict(Article.objects.get(pk=article.pk))
        before = audit.state(stored)
        article.lock_version = expected_version + 1
        service.record_overrides(article, changed)
        action = "edit"
        if correction_note.strip():
            now = timezone.now()
            article.correction_note = correction_note.strip()
            article.corrected_at = article.updated_at = now
            action = "correct"
        elif moves_updated:
            article.updated_at = timezone.now()
        article.save()
        for name, values in (many or {}).items():
            getattr(article, name).set(values)
        revisions.record(article, user, note or action)
        audit.record(user, action, article, before=before, note=correction_note)
    return article


def create_article(article: Article, *, user, many: dict[str, list]) -> Article:
    """Save a new in-house piece (opinion, blog, interview) as a draft."""
    if user is not None and not user.has_perm("desk.add_article"):
        raise PermissionDenied(f"{user.get_username()} may not write articles")
    with transaction.atomic():
        article.status, article.live = S.DRAFT, False
        article.save()
        for name, values in many.items():
            getattr(article, name).set(values)
        revisions.record(article, user, "created")
        audit.record(user, "create", article)
    return article


def restore(article: Article, revision, *, user, expected_version: int) -> Article:
    """Bring back a revision's content as a new save (itself a revision)."""
    data = revision.snapshot
    changed = revisions.apply_snapshot(article, data)
    many = {n: data.get(n, []) for n in revisions.MANY_FIELDS if n in changed}
    return save_edit(
        article,
        user=user,
        expected_version=expected_version,
        changed=changed,
        many=many,
        note=f"restored revision {revision.number}",
    )


def apply_update(article: Article, *, user, expected_version: int) -> Article:
    """Take the agency's newer version for the fields an editor had set.

    Those fields follow the agency again afterwards; Updated: moves to now.
    """
    if not roles.can_publish(user):
        raise PermissionDenied(f"{user.get_username()} may not apply agency updates")
    pending = dict(article.pending_update or {})
    if not pending:
        raise TransitionError(f"article {article.pk} has no agency update waiting")
    for name, value in pending.items():
        attname = f"{name}_id" if name in service.KEY_FIELDS else name
        setattr(article, attname, value)
    article.overridden_fields = [
        f for f in article.overridden_fields or () if f not in pending
    ]
    if not set(article.overridden_fields) & set(service.TEXT_FIELDS):
        article.desk_edited = False
    article.pending_update = {}
    return save_edit(
        article,
        user=user,
        expected_version=expected_version,
        changed=[],
        moves_updated=True,
        note="agency version applied",
    )


def keep_version(article: Article, *, user, expected_version: int) -> Article:
    """Refuse the agency's waiting version: the editor's text stays, the article
    leaves the queue's New version state.

    Under the same lock as ``apply_update``: a stale ``expected_version`` (an agency
    update or a save since the page was opened) is an EditConflict, so nobody
    refuses a version they have not seen. The fields stay the editor's, so the
    agency's next update of them is offered again.
    """
    if not roles.can_publish(user):
        raise PermissionDenied(f"{user.get_username()} may not refuse agency updates")
    with transaction.atomic():
        stored = Article.objects.select_for_update().get(pk=article.pk)
        if stored.lock_version != expected_version:
            raise EditConflict(stored)
        refused = sorted(stored.pending_update or {})
        if not refused:
            raise TransitionError(f"article {stored.pk} has no agency update waiting")
        before = audit.state(stored)
        stored.pending_update = {}
        stored.lock_version = expected_version + 1
        stored.save(update_fields=["pending_update", "lock_version", "modified_at"])
        audit.record(
            user,
            "keep-version",
            stored,
            before=before,
            note="agency version refused: " + ", ".join(refused),
        )
    return stored


def clear_attention(article: Article, *, user) -> Article:
    """An editor looked at an agency correction or kill: take the flag down."""
    if not roles.can_publish(user):
        raise PermissionDenied(f"{user.get_username()} may not clear flags")
    before = audit.state(article)
    Article.objects.filter(pk=article.pk).update(attention=0, attention_reason="")
    article.attention, article.attention_reason = 0, ""
    audit.record(user, "clear-flag", article, before=before)
    return article


# -- the scheduler --------------------------------------------------------------------


def run_schedule(now: datetime | None = None) -> tuple[int, int]:
    """Publish scheduled articles whose go-live time has come; unpublish expired ones.

    Returns (published, unpublished). Run by the periodic job every few seconds,
    so embargoes hold to the minute. An article flagged at top priority, or whose
    story is (its only agency killed it), is held and flagged with the reason.
    """
    now = now or timezone.now()
    due = Article.objects.filter(status=S.SCHEDULED, go_live_at__lte=now)
    expired = Article.objects.filter(status=S.PUBLISHED, expire_at__lte=now)
    published = unpublished = 0
    for article in due.only("pk"):
        try:
            # Under the article's lock, transition holds and flags one whose story
            # its only agency killed (``_withdrawn``): it never goes live by itself,
            # whatever the editor scheduled before the kill, and waits for
            # "Publish now".
            if transition(article, "publish", None, now=now, due=True).live:
                published += 1
        except TransitionError:  # another scheduler run got there first
            pass
    for article in expired.only("pk"):
        # Saved (not updated) so the reader purges the pages that showed it.
        with transaction.atomic():
            current = (
                Article.objects.select_for_update()
                .filter(pk=article.pk, status=S.PUBLISHED)
                .first()
            )
            if current is None:  # another scheduler run got there first
                continue
            before = audit.state(current)
            current.status, current.live = S.UNPUBLISHED, False
            current.save(update_fields=["status", "live", "modified_at"])
            audit.record(None, "expire", current, before=before)
            unpublished += 1
    if published or unpublished:
        log.info("schedule: %d published, %d expired", published, unpublished)
    return published, unpublished


HELD = "Not published at its go-live time: "


def _withdrawn(article: Article) -> bool:
    """Whether the article, locked, is flagged at top priority or its story is
    (its only agency killed it): run_schedule's held condition, for one article.

    The story's row is locked too (PostgreSQL), so a kill whose matching
    transaction is writing the story is waited for; once that commits, the kill
    comes after the publish and the desk's reaction finds the article live.
    """
    if article.attention >= Story.Priority.TOP:
        return True
    if article.story_id is None:
        return False
    priority = (
        Story.objects.select_for_update()
        .filter(pk=article.story_id)
        .values_list("attention_priority", flat=True)
        .first()
    )
    return (priority or 0) >= Story.Priority.TOP


def _hold(article: Article) -> None:
    """Tell the desk, once, why a scheduled article did not go live."""
    if article.attention_reason.startswith(HELD):
        return
    story = article.story
    why = (story.attention_reason if story else "") or article.attention_reason
    log.warning("schedule: article %s held: %s", article.pk, why)
    _flag(article, Story.Priority.TOP, HELD + (why or "agency kill"), "schedule-held")


# -- agency corrections and kills -----------------------------------------------------


def _flag(article: Article, priority: int, reason: str, action: str) -> None:
    before = audit.state(article)
    if priority >= article.attention:
        article.attention, article.attention_reason = priority, reason[:200]
        Article.objects.filter(pk=article.pk).update(
            attention=priority, attention_reason=reason[:200]
        )
    audit.record(None, action, article, before=before, note=reason)


def story_changed(story_id: int, change: str) -> str | None:
    """React to an agency correction or kill of a story behind an article.

    A kill of the story's only source unpublishes a published or scheduled article
    or flags it at top priority, per KILL_POLICY; a kill of one of several sources,
    or a correction, flags it. Returns what was done, for the log and tests.
    """
    if change not in {"kill", "correction"}:
        return None
    article = Article.objects.filter(story_id=story_id).first()
    story = Story.objects.filter(pk=story_id).first()
    if article is None or story is None:
        return None
    reason = story.attention_reason or f"agency {change}"
    if change == "correction":
        _flag(article, Story.Priority.CHECK, reason, "agency-correction")
        return "flagged"
    if story.live_items():
        _flag(article, Story.Priority.HIGH, reason, "agency-kill")
        return "flagged"
    # A scheduled article is taken down too: it would go live at its time.
    live_or_due = article.status in {S.PUBLISHED, S.SCHEDULED}
    if live_or_due and settings.KILL_POLICY == "unpublish":
        transition(article, "unpublish", None)
        article.refresh_from_db()
        _flag(article, Story.Priority.TOP, reason, "kill-unpublished")
        return "unpublished"
    _flag(article, Story.Priority.TOP, reason, "kill-flagged")
    return "flagged"


# -- a split that undoes a merge ------------------------------------------------------

Copy = frozenset[tuple[int, str]]  # agency items by (source id, guid): every version
MERGED_WITH = "Merged with "


@dataclass(frozen=True)
class _Record:
    """What a merge's audit entry kept of an article: the agency items its story
    held then, and (a withdrawn article's) workflow state before it."""

    copy: Copy
    before: dict


def unmerge(story_id: int, into: int, user) -> dict[int, Article]:
    """Give the articles of a merge back to the stories a split made of it.

    Called in the split's transaction (stories.editing.split: the items moved
    are in story ``into`` already). The article of story ``story_id`` and those
    a merge withdrew into it (``merged_into``) each told the agency items its
    story held at the merge, as that merge's audit entry recorded them. An
    article whose copy is at least half of a story's agency items (the most of
    them; of equals the kept article stays and a withdrawn one comes back, then
    the older) is that story's: a withdrawn article is revived for the new
    story (_revive); or, when the split took the kept article's own items and
    left a withdrawn article's, the kept one moves with its items to the new
    story and the story left gets the withdrawn one back. Otherwise the split
    is an ordinary one: the new story is drafted afresh. Withdrawn articles not
    given back redirect to the article now telling most of their copy, and
    "Merged with" flags are brought up to date (_merged_flag). Returns story id
    → the article given to it ({} when the split undid no merge).
    """
    kept = Article.objects.select_for_update().filter(story_id=story_id).first()
    if kept is None:
        return {}
    withdrawn = {
        a.pk: a
        for a in Article.objects.select_for_update()
        .filter(merged_into=kept)
        .order_by("pk")
    }
    records = _merge_records(kept, withdrawn)
    if not set(records) - {kept.pk}:
        return {}  # no merge recorded its items: nothing to undo
    held = {pk: record.copy for pk, record in records.items()}
    left, moved = _copy_of(story_id), _copy_of(into)
    # Of equals, the kept article stays where it is and a withdrawn one comes back.
    to_new = _owner(held, moved, lambda pk: pk != kept.pk)
    to_left = _owner(held, left, lambda pk: pk == kept.pk)
    linked: dict[int, Article] = {}
    if to_new == kept.pk and to_left not in {None, kept.pk}:
        _move(kept, into, story_id, user)
        linked[into] = kept
        article = withdrawn.pop(to_left)
        linked[story_id] = _revive(article, story_id, records[to_left], user)
    elif to_new is not None and to_new != kept.pk:
        article = withdrawn.pop(to_new)
        linked[into] = _revive(article, into, records[to_new], user)
    else:
        return {}
    telling = {into: linked[into], story_id: linked.get(story_id, kept)}
    for article in withdrawn.values():
        copy = held.get(article.pk, frozenset())
        side = into if len(copy & moved) > len(copy & left) else story_id
        _redirect(article, telling[side], side, user)
    for article in {a.pk: a for a in (kept, *linked.values())}.values():
        _merged_flag(article)
    return linked


def _merge_records(kept: Article, withdrawn: dict[int, Article]) -> dict[int, _Record]:
    """Article id → what its latest merge entry recorded, for ``kept`` and the
    ``withdrawn`` articles with one (a merge before items were recorded has
    none). The kept article's copy is its own: what it held at its latest merge,
    less the copy of the articles withdrawn into it."""
    entries = AuditLog.objects.filter(
        action="merged", target_type="article", target_id__in=[kept.pk, *withdrawn]
    ).order_by("pk")
    found = {e.target_id: e.before for e in entries if "items" in e.before}
    items = {pk for before in found.values() for pk in before["items"]}
    key = {
        pk: (source, guid)
        for pk, source, guid in WireItem.objects.filter(pk__in=items).values_list(
            "pk", "source_id", "guid"
        )
    }
    records = {
        pk: _Record(frozenset(key[i] for i in before["items"] if i in key), before)
        for pk, before in found.items()
    }
    if kept.pk in records:
        theirs = set().union(*(r.copy for pk, r in records.items() if pk != kept.pk))
        mine = records[kept.pk]
        records[kept.pk] = _Record(mine.copy - theirs, mine.before)
    return records


def _copy_of(story_id: int) -> Copy:
    """The agency items a story holds now, by (source id, guid)."""
    return frozenset(
        StoryItem.objects.filter(story_id=story_id).values_list(
            "item__source_id", "item__guid"
        )
    )


def _owner(
    held: dict[int, Copy], side: Copy, first: Callable[[int], bool]
) -> int | None:
    """The article whose recorded copy makes up at least half of ``side`` (the
    most of it, then one ``first`` prefers, then the older article), or None."""
    if not side or not held:
        return None
    best = max(held, key=lambda pk: (len(held[pk] & side), first(pk), -pk))
    return best if 2 * len(held[best] & side) >= len(side) else None


def _revive(article: Article, story_id: int, record: _Record, user) -> Article:
    """Undo a merge's withdrawal of ``article`` for story ``story_id`` (saved,
    audited as "unmerged", naming the editor).

    Linked to the story again, its address serves it (``merged_into`` cleared),
    back in the state it had before the merge: published again (at its first
    address and first publication time) if it was live then, unless the story's
    only agency has since killed it (then it stays down, flagged as its story
    is) or its expiry has passed (then in review: ``expiry_passed``); scheduled
    again if its go-live time is still ahead and before its expiry (else in
    review).
    Its flag before the merge comes back with it, and, published again, the
    home pins the merge moved to the kept article (where they still are).
    Drafting refreshes it from the story's items at commit, as any story's
    article; no new article is drafted.
    """
    was = record.before
    now = timezone.now()
    before = {**audit.state(article), "merged_into": article.merged_into_id}
    article.story_id, article.merged_into = story_id, None
    article.attention = was.get("attention", Story.Priority.NONE)
    article.attention_reason = was.get("attention_reason", "")
    story = Story.objects.get(pk=story_id)
    killed = story.attention_priority >= Story.Priority.TOP
    status = was.get("status", S.UNPUBLISHED)
    scheduled = (
        status == S.SCHEDULED and article.go_live_at and article.go_live_at > now
    )
    expired = expiry_passed(article.expire_at, article.go_live_at, now)
    if status == S.PUBLISHED and was.get("live") and not killed and not expired:
        article.publish(now)
        done = "published again"
    elif scheduled and not expired:
        article.status, article.live = S.SCHEDULED, False
        done = "scheduled again"
    elif status in {S.PUBLISHED, S.SCHEDULED}:
        # Killed or expired since, it waits for the desk (in review, or down).
        article.status, article.live = S.UNPUBLISHED if killed else S.IN_REVIEW, False
        done = f"back {article.get_status_display().lower()}"
        if expired and not killed:
            done += f" ({expired[0].lower()}{expired[1:]})"
    else:
        article.status, article.live = status, False
        done = f"back as {article.get_status_display().lower()}"
    if killed and article.attention < story.attention_priority:
        article.attention = story.attention_priority
        article.attention_reason = story.attention_reason[:200]
    article.save()
    if article.live:
        # The home pins the merge moved to the kept article come back with it.
        for pin in HomePin.objects.filter(
            pk__in=was.get("pins", []), article_id=before["merged_into"]
        ):
            pin.article = article
            pin.save(update_fields=["article"])
    who = user.get_username() if user is not None else "the system"
    audit.record(
        user,
        "unmerged",
        article,
        before=before,
        after={**audit.state(article), "merged_into": None},
        note=f"No longer merged into article {before['merged_into']}: its agency "
        f"items were split out to story {story_id} by {who}; {done}",
    )
    return article


def _move(kept: Article, into: int, story_id: int, user) -> None:
    """The kept article goes with its own agency items to the new story ``into``
    (saved, audited): its address goes on showing the copy it showed."""
    before = audit.state(kept)
    Article.objects.filter(pk=kept.pk).update(story_id=into)
    kept.story_id = into
    who = user.get_username() if user is not None else "the system"
    audit.record(
        user,
        "unmerged",
        kept,
        before={**before, "story": story_id},
        after={**audit.state(kept), "story": into},
        note=f"Moved with its agency items to story {into}, split from story "
        f"{story_id} by {who}",
    )


def _redirect(article: Article, to: Article | None, story_id: int, user) -> None:
    """A withdrawn article left withdrawn redirects to ``to``, the article now
    telling most of its copy (story ``story_id``); unchanged when that story
    has no article yet or it already does (saved, audited)."""
    if to is None or article.merged_into_id == to.pk:
        return
    before = {**audit.state(article), "merged_into": article.merged_into_id}
    Article.objects.filter(pk=article.pk).update(merged_into=to)
    article.merged_into = to
    audit.record(
        user,
        "merged",
        article,
        before=before,
        after={**audit.state(article), "merged_into": to.pk},
        note=f"Merged into article {to.pk} now: its agency items are in story "
        f"{story_id} after a split",
    )


def _merged_flag(article: Article) -> None:
    """Bring an article's "Merged with" flag up to date: naming the articles
    still withdrawn into it, or taken down when none is (saved). Any other flag
    is left as it is."""
    article.refresh_from_db(fields=["attention", "attention_reason"])
    if not article.attention_reason.startswith(MERGED_WITH):
        return
    rest = Article.objects.filter(merged_into=article).order_by("pk")
    names = "; ".join(f"{a.pk}: {a.headline}" for a in rest)
    flag = (Story.Priority.CHECK, MERGED_WITH + names) if names else (0, "")
    Article.objects.filter(pk=article.pk).update(
        attention=flag[0], attention_reason=flag[1][:200]
    )
    article.attention, article.attention_reason = flag[0], flag[1][:200]
