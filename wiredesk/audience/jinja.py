"""What every public page calls to show the audience features (see
``wiredesk.jinja``): the same functions and HTML as this app's template tags."""

from __future__ import annotations

from django.template import engines
from django.utils.safestring import SafeString
from jinja2 import pass_context

from wiredesk.audience.templatetags import audience


def _render(name: str, context: dict) -> SafeString:
    """One of this app's Django templates (the same HTML its tags render),
    straight from the Django engine rather than looked for in Jinja2's first."""
    return engines["django"].get_template(name).render(context)


def newsletter_box() -> SafeString:
    """The newsletter sign-up box (the same for everyone: see audience.py)."""
    return _render("audience/newsletter_box.html", audience.newsletter_box({}))


def trending_list(edition=None, limit: int = 10) -> SafeString:
    """The numbered TRENDING list (global, or for ``edition``) with region labels."""
    return _render("audience/trending.html", audience.trending_list(edition, limit))


@pass_context
def feedback_link(context) -> SafeString:
    """The 'Give Feedback' link, carrying the page it was clicked on."""
    return audience.feedback_link(context)


GLOBALS = {
    "newsletter_box": newsletter_box,
    "trending_list": trending_list,
    "feedback_link": feedback_link,
    "pageview_beacon": audience.pageview_beacon,
}
