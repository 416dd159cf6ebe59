"""Start-up checks (``manage.py check``, run by ``wiredesk run``) of drafting settings.

Drafting never stops on a bad backend setting (it keeps the default draft and records
why), so the mistake is reported here, before the first story, instead.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks


def drafting_backend(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """DRAFTING_BACKEND names a registered backend; 'openai' has a URL and model
    (a warning only: drafting still works, with the default text)."""
    from wiredesk import registry

    name = settings.DRAFTING_BACKEND or "default"
    if name not in registry.drafting_backends:
        known = ", ".join(registry.drafting_backends.names())
        return [
            checks.Error(
                f"DRAFTING_BACKEND={name!r} names no drafting backend (known: {known})",
                hint="Set DRAFTING_BACKEND to one of the known names.",
                id="wiredesk.drafting.E001",
            )
        ]
    if name == "openai":
        return [
            checks.Warning(
                f"DRAFTING_BACKEND=openai needs {setting}",
                hint="Until it is set, every draft keeps the default text.",
                id="wiredesk.drafting.W001",
            )
            for setting in ("OPENAI_BASE_URL", "OPENAI_MODEL")
            if not getattr(settings, setting, None)
        ]
    return []


# The CREDIT_LINE modes; ``desk.models.Article.credit_line`` reads the same names.
CREDIT_AUTO, CREDIT_AGENCIES, CREDIT_NAMED = "auto", "agencies", "named"
CREDIT_LINES = (CREDIT_AUTO, CREDIT_AGENCIES, CREDIT_NAMED)


def credit_line(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """CREDIT_LINE is one of the known modes: any other value (a typo such as
    'Named') would silently print the generic '(With inputs from agencies.)'."""
    mode = settings.CREDIT_LINE
    if mode in CREDIT_LINES:
        return []
    known = ", ".join(CREDIT_LINES)
    close = str(mode).strip().lower()
    hint = (
        f"Write it {close!r}: the modes are lower case."
        if close in CREDIT_LINES
        else f"Set CREDIT_LINE to one of: {known}."
    )
    return [
        checks.Error(
            f"CREDIT_LINE={mode!r} is no credit line mode (known: {known}); "
            "agency stories would all get the generic line",
            hint=hint,
            id="wiredesk.desk.E001",
        )
    ]
