from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Site-wide names for every template."""
    return {"SITE_NAME": settings.SITE_NAME, "DESK_NAME": settings.DESK_NAME}
