"""Audience models: reader feedback, newsletter subscribers and digests, trending.

One module per feature; this package re-exports the public names so that
``from wiredesk.audience.models import Subscriber`` keeps working when a module moves.
"""

from wiredesk.audience.models.feedback import Feedback
from wiredesk.audience.models.newsletter import (
    Bounce,
    Digest,
    DigestSettings,
    SendLog,
    Subscriber,
)
from wiredesk.audience.models.trending import (
    PageViewBucket,
    PageViewSeen,
    TrendingList,
    VisitorSalt,
)

__all__ = [
    "Bounce",
    "Digest",
    "DigestSettings",
    "Feedback",
    "PageViewBucket",
    "PageViewSeen",
    "SendLog",
    "Subscriber",
    "TrendingList",
    "VisitorSalt",
]
