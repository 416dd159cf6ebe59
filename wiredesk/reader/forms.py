"""The search form's filters (the query text itself is read by search.query.parse)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django import forms
from django.forms.renderers import Jinja2
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from wiredesk.reader.menus import Menus
from wiredesk.reader.search import SORTS, Filters

EARLIEST = date(1900, 1, 1)
LATEST = date(9999, 1, 1)
SORT_LABELS = {"relevance": "Best match", "date": "Newest first"}


@lru_cache(maxsize=16)
def _options(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """Each choice as (value, escaped HTML before and after the place of
    ``selected``), made once per menu snapshot."""
    return tuple(
        (str(key), f'<option value="{escape(key)}"', f">{escape(label)}</option>")
        for key, label in choices
    )


class PlainSelect(forms.Select):
    """A <select> rendered in one pass from options escaped once per menu snapshot.

    Django renders each option through its own template: for the ~250 countries
    that was most of a search page's time, for the same escaped HTML on every
    request.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = "" if value is None else str(value)
        options = "".join(
            head + (" selected" if key == chosen else "") + tail
            for key, head, tail in _options(tuple(self.choices))
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))


class MenuChoiceField(forms.ChoiceField):
    """A choice among a menu's entries, checked against a set (not a list walk)."""

    def set_menu(self, choices: tuple[tuple[str, str], ...]) -> None:
        # The menu's entries are (value, label) pairs already: set without the
        # choices setter's normalising walk over all ~250 countries each request.
        self._choices = self.widget._choices = choices
        self.allowed = _allowed(choices)

    def valid_value(self, value) -> bool:
        return str(value) in self.allowed


class SearchFilters(forms.Form):
    # Labels and date inputs from Django's Jinja2 form templates: the public pages
    # are Jinja2 (wiredesk/jinja.py), and Django's own template language cost
    # about a tenth of a search page rendering them.
    default_renderer = Jinja2()

    sector = MenuChoiceField(required=False, widget=PlainSelect)
    country = MenuChoiceField(required=False, widget=PlainSelect)
    edition = MenuChoiceField(required=False, widget=PlainSelect)
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(s, SORT_LABELS[s]) for s in SORTS],
        label="Sort by",
        widget=PlainSelect,
    )

    def __init__(self, data, menus: Menus) -> None:
        super().__init__(data)
        self.fields["sector"].set_menu(_with_any(menus.sectors))
        self.fields["country"].set_menu(_with_any(menus.countries))
        self.fields["edition"].set_menu(
            _with_any(tuple(entry[:2] for entry in menus.editions))
        )

    def filters(self) -> Filters:
        """The valid filters; an invalid one is left out (and shown as an error)."""
        self.is_valid()  # cleaned_data then holds the fields that are valid
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            since, until = until, since
        # Dates at the ends of the calendar would overflow once turned into times
        # in the site's zone; no article is that old or that new anyway.
        if since and since < EARLIEST:
            since = None
        if until and until > LATEST:
            until = None
        return Filters(
            sector=data.get("sector") or None,
            country=data.get("country") or None,
            edition=data.get("edition") or None,
            since=since,
            until=until,
        )

    def chosen_sort(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or SORTS[0]


@lru_cache(maxsize=16)
def _allowed(choices: tuple[tuple[str, str], ...]) -> frozenset[str]:
    return frozenset(str(key) for key, _ in choices)


@lru_cache(maxsize=16)
def _with_any(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return (("", "Any"), *choices)
