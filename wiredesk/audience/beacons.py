"""Beacon addresses: signed article ids, so junk ids are refused without a query."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

_SALT = "wiredesk.audience.beacon"


def beacon_url(article_id: int) -> str:
    token = signing.Signer(salt=_SALT).sign(str(article_id))
    return reverse("audience:beacon", kwargs={"token": token})


def article_id_of(token: str) -> int | None:
    """The article id a beacon token was made for, or None when it is forged."""
    try:
        return int(signing.Signer(salt=_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
