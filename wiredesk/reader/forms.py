"""The search form's filters (the query text itself is read by search.query.parse)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from wiredesk.reader.menus import Menus
from wiredesk.reader.search import SORTS, Filters

EARLIEST = date(1900, 1, 1)
LATEST = date(9999, 1, 1)
SORT_LABELS = {"relevance": "Best match", "date": "Newest first"}


class PlainSelect(forms.Select):
    """A <select> rendered in one pass.

    Django renders each option through its own template: for the ~250 countries
    that was most of a search page's time, for the same escaped HTML.
    """

    def render(self, name, value, attrs=None, renderer=None) -> str:
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), options)


class SearchFilters(forms.Form):
    sector = forms.ChoiceField(required=False, widget=PlainSelect)
    country = forms.ChoiceField(required=False, widget=PlainSelect)
    edition = forms.ChoiceField(required=False, widget=PlainSelect)
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
        anything = [("", "Any")]
        self.fields["sector"].choices = anything + list(menus.sectors)
        self.fields["country"].choices = anything + list(menus.countries)
        self.fields["edition"].choices = anything + [e[:2] for e in menus.editions]

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
