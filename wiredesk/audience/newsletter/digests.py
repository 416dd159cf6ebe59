"""Daily digests: which editions are due, and what each digest holds.

A digest is made once per edition and local day, at the edition's send time in its
time zone. Its stories are fixed when it is made (top: the desk's home pins;
latest: the day's published stories), so a send that resumes mails the same
content. A day the site was down past midnight is not sent late.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from wiredesk.audience.models import Digest, DigestSettings, Subscriber
from wiredesk.desk.models import Article, HomePin
from wiredesk.taxonomy.models import Edition

MAIN_EDITION = "global"  # subscribers who chose no edition get this one
LATEST_HOURS = 24
LATEST_POOL = 3  # latest candidates kept per shown item, so interests can reorder


def edition_articles(edition: Edition):
    published = Article.objects.published()
    if edition.slug == MAIN_EDITION:
        return published
    return published.in_edition(edition)


def choose_stories(config: DigestSettings, now: datetime) -> tuple[list, list]:
    """(top ids, latest ids) of one edition's digest."""
    edition = config.edition
    visible = edition_articles(edition)
    pins = HomePin.objects.filter(article__in=Article.objects.published())
    if edition.slug == MAIN_EDITION:
        pins = pins.filter(edition__isnull=True)
    else:
        pins = pins.filter(edition=edition)
    top = list(pins.values_list("article_id", flat=True)[: config.top_count])
    recent = (
        visible.filter(updated_at__gte=now - timedelta(hours=LATEST_HOURS))
        .exclude(pk__in=top)
        .latest_first()
        .values_list("pk", flat=True)
    )
    latest = list(recent[: config.latest_count * LATEST_POOL])
    if not top:  # no curated top: the freshest few lead
        top, latest = latest[:3], latest[3:]
    return top, latest


def subject_for(config: DigestSettings, day) -> str:
    return f"{settings.SITE_NAME} {config.edition.name} digest, {day:%-d %B %Y}"


def make_digest(config: DigestSettings, now: datetime | None = None) -> Digest:
    """The edition's digest of the local day of ``now``, made if missing."""
    now = now or timezone.now()
    day = now.astimezone(config.zone).date()
    found = Digest.objects.filter(edition=config.edition, day=day).first()
    if found:
        return found
    top, latest = choose_stories(config, now)
    try:
        with transaction.atomic():
            return Digest.objects.create(
                edition=config.edition,
                day=day,
                subject=subject_for(config, day),
                top_ids=top,
                latest_ids=latest,
            )
    except IntegrityError:  # another scheduler tick made it first
        return Digest.objects.get(edition=config.edition, day=day)


def due_digests(now: datetime | None = None) -> list[Digest]:
    """Make today's digest of every edition whose send time has passed, and return
    every digest not yet fully sent (new ones and interrupted ones)."""
    now = now or timezone.now()
    for config in DigestSettings.objects.filter(enabled=True).select_related("edition"):
        local = now.astimezone(config.zone)
        if local.time() >= config.send_at:
            make_digest(config, now)
    return list(Digest.objects.filter(status=Digest.Status.SENDING).order_by("pk"))


def recipients(digest: Digest):
    """Active subscribers of the digest's edition (no edition chosen: the main one)."""
    wanted = Q(editions=digest.edition_id)
    if digest.edition_id == MAIN_EDITION:
        wanted |= Q(editions__isnull=True)
    return Subscriber.objects.receiving().filter(wanted)
