"""The default backend: the deterministic draft as it is (offline, no network)."""

from __future__ import annotations

from wiredesk.drafting.backends import DEFAULT, DraftRequest, DraftText


class DefaultBackend:
    """Keeps the cleaned agency headline and the extractive standfirst."""

    name = DEFAULT
    trusted = True

    def rewrite(self, request: DraftRequest) -> DraftText:
        return request.default
