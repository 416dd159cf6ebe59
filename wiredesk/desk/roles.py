"""The desk's three roles as Django auth groups, kept in step after every migrate.

Groups are set up in ``post_migrate`` (not a data migration) because Django creates
the permissions themselves in ``post_migrate``; running after it, the groups always
hold every permission their role lists, also after a test database flush.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

WRITER = "writer"
EDITOR = "editor"
ADMIN = "admin"

# (app_label, codename) pairs per role; each role includes the one before it.
_WRITER_PERMS = [
    ("desk", f"{verb}_{model}")
    for model in ("article", "brief", "author")
    for verb in ("add", "change", "view")
]
_EDITOR_PERMS = [
    *_WRITER_PERMS,
    ("desk", "publish_article"),
    ("desk", "curate_home"),
    ("desk", "delete_brief"),
    *[("desk", f"{v}_homepin") for v in ("add", "change", "delete", "view")],
    *[("desk", f"{v}_page") for v in ("add", "change", "view")],
    ("desk", "view_revision"),
    ("desk", "view_auditlog"),
    ("ingest", "view_source"),
    # Merging and splitting stories (the story admin's merge action and split
    # page ask for "change"); the story form itself only writes the desk's flag.
    ("stories", "view_story"),
    ("stories", "change_story"),
    # Reader feedback: reading it, and marking it read or answered (its only
    # editable field is the status; the admin allows no adding).
    ("audience", "view_feedback"),
    ("audience", "change_feedback"),
]
# Admins run users, sources, settings and taxonomies, and the audience (feedback,
# subscribers, digests): every permission of those apps.
_ADMIN_APPS = ("auth", "ingest", "taxonomy", "desk", "stories", "drafting", "audience")

ROLES = (WRITER, EDITOR, ADMIN)


def _perms(pairs: list[tuple[str, str]]) -> list[Permission]:
    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def _create_role_permissions(using: str, state_apps=None) -> None:
    """The permissions of every app a role names, created where still missing."""
    labels = set(_ADMIN_APPS) | {label for label, _ in _EDITOR_PERMS}
    for label in sorted(labels):
        try:
            app_config = global_apps.get_app_config(label)
        except LookupError:
            continue
        create_permissions(
            app_config, verbosity=0, using=using, apps=state_apps or global_apps
        )


def ensure_roles(**kwargs) -> None:
    """Create the writer, editor and admin groups and give each its permissions.

    Runs after the desk's ``post_migrate``; the roles also name apps migrated after
    the desk (audience), whose permissions Django would create only later in the
    same run, so they are created here first (an idempotent step).
    """
    _create_role_permissions(kwargs.get("using", DEFAULT_DB_ALIAS), kwargs.get("apps"))
    wanted = {
        WRITER: _perms(_WRITER_PERMS),
        EDITOR: _perms(_EDITOR_PERMS),
        ADMIN: list(Permission.objects.filter(content_type__app_label__in=_ADMIN_APPS)),
    }
    for name, perms in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(perms)


def role_of(user) -> str:
    """The highest desk role a user has ('' for none), for display."""
    if not user.is_authenticated:
        return ""
    if user.is_superuser:
        return ADMIN
    names = set(user.groups.values_list("name", flat=True))
    return next((r for r in reversed(ROLES) if r in names), "")


def can_publish(user) -> bool:
    return user.has_perm("desk.publish_article")


def can_curate(user) -> bool:
    return user.has_perm("desk.curate_home")
