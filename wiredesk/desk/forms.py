"""Desk forms: article editing, writers' pieces, briefs, authors, queue filters."""

from __future__ import annotations

import re
from datetime import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.html import format_html

from wiredesk.desk import queue as desk_queue
from wiredesk.desk import ratelimit
from wiredesk.desk.models import Article, Author, Brief, HomePin
from wiredesk.ingest.models import Source
from wiredesk.ingest.sanitise import clean_html, clean_text
from wiredesk.taxonomy import zones
from wiredesk.taxonomy.models import Country, Edition, Sector

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")
_LINE_END = re.compile(r"\r\n?")
_LINE_TAIL = re.compile(r"[ \t]+\n")


def _as_written(value) -> str:
    """A text as compared for an edit: LF newlines, no trailing whitespace."""
    text = _LINE_END.sub("\n", "" if value is None else str(value))
    return _LINE_TAIL.sub("\n", text).strip()


def zone_label(moment: datetime | None = None) -> str:
    """The current time zone as an editor reads it, at ``moment`` (default now):
    "IST (Asia/Kolkata)", "CET (Europe/Paris)" in winter, or just "UTC"."""
    zone = timezone.get_current_timezone()
    moment = moment or timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zone)
    short, name = zones.label(moment.astimezone(zone)), getattr(zone, "key", "")
    return short if short == name or not name else f"{short} ({name})"


def desk_time(value: datetime | None) -> str:
    """'28-11-2026 07:10 IST': a stored time in the current time zone (the site's on
    the desk), written as the public pages write times (``reader.jinja.site_time``)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return zones.written(local)


class ZonedDateTimeInput(forms.DateTimeInput):
    """A date and time picker with its time zone beside it.

    A bare "10:00" could be UTC or site time; the form reads it in the current
    time zone (the site's on the desk, ``middleware.DeskTimeZoneMiddleware``) and
    says which.
    """

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")

    def render(self, name, value, attrs=None, renderer=None) -> str:
        attrs = dict(attrs or {})
        zone_id = f"{attrs.get('id') or name}-zone"
        described = attrs.get("aria-describedby", "")
        attrs["aria-describedby"] = f"{described} {zone_id}".strip()
        html = super().render(name, value, attrs, renderer)
        moment = value if isinstance(value, datetime) else None
        return format_html(
            '{} <span class="zone" id="{}">{}</span>', html, zone_id, zone_label(moment)
        )


class SubmittedText(forms.CharField):
    """Text whose line endings and trailing whitespace are not an edit.

    Browsers send a textarea's newlines as CRLF (HTML form submission), so text
    saved untouched would otherwise differ from what was stored and count as the
    editor's override, keeping agency updates out. The value has LF newlines.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return _LINE_END.sub("\n", value) if isinstance(value, str) else value

    def has_changed(self, initial, data) -> bool:
        if self.disabled:
            return False
        return _as_written(initial) != _as_written(self.to_python(data))


# Blocks of a body (the sanitiser's allow-list): a typed chunk holding none of
# them is a paragraph of text; in the textarea a newline follows each one's end.
_BODY_BLOCKS = (
    "p|h[1-6]|blockquote|ul|ol|li|figure|figcaption|table|thead|tbody|tr|td|th|"
    "caption|pre|hr"
)
_BLOCK_TAG = re.compile(rf"</?(?:{_BODY_BLOCKS})\b", re.I)
_BLANK_LINES = re.compile(r"(\n[ \t\u00a0]*\n\s*)")
# The end of a block (or a list's or table's start) with only white space before
# the next tag: where the textarea gets its newline and the stored body none.
_BLOCK_SEAM = re.compile(
    r"(</(?:p|h[1-6]|blockquote|ul|ol|li|figure|table|thead|tbody|tr|pre)>"
    r"|<(?:hr|ul|ol|table|thead|tbody)>)\s*(?=<)"
)


def typed_paragraphs(value: str) -> str:
    """``value`` with each blank-line separated chunk of text holding no block
    markup made a paragraph, its single newlines line breaks (``<br>``).

    Writers type paragraphs as text in the body's textarea; without this they ran
    together as one block. Chunks with markup of a block (an agency's ``<p>``, a
    list, a table) are left as they are, so a body can mix both; so is text
    inside ``<pre>``, whose blank lines are its own. A paragraph made here is
    set off from its neighbours by one newline, as ``editable_body`` shows blocks.
    """
    if not value or ("\n" not in value.strip() and _BLOCK_TAG.search(value)):
        return value
    pieces = _BLANK_LINES.split(value.strip())
    made = [False] * len(pieces)
    in_pre = 0
    for i in range(0, len(pieces), 2):  # the odd ones are the blank lines
        chunk = pieces[i].strip()
        if chunk and not in_pre and not _BLOCK_TAG.search(chunk):
            lines = (line.strip() for line in chunk.split("\n"))
            pieces[i] = "<p>" + "<br>".join(line for line in lines if line) + "</p>"
            made[i] = True
        lowered = chunk.lower()
        in_pre = max(0, in_pre + lowered.count("<pre") - lowered.count("</pre>"))
    for i in range(1, len(pieces), 2):
        if made[i - 1] or made[i + 1]:
            pieces[i] = "\n"
    return "".join(pieces)


def editable_body(body: str) -> str:
    """A stored body as the textarea shows it: a newline after each block, where
    an agency's body was one long line of ``<p>..</p><p>..</p>``."""
    return _BLOCK_SEAM.sub("\\1\n", body or "")


def _seamless(body: str) -> str:
    """``body`` without white space between blocks (``editable_body`` undone)."""
    return _BLOCK_SEAM.sub("\\1", body or "")


class BodyText(SubmittedText):
    """The body: a change only in the newlines between blocks is no edit, so a body
    saved as the textarea shows it (``editable_body``) stays as stored."""

    def has_changed(self, initial, data) -> bool:
        if self.disabled:
            return False
        before = _seamless(_as_written(initial))
        return before != _seamless(_as_written(self.to_python(data)))


# The article's text fields: what the editor saves unchanged stays as stored.
TEXT_FIELDS = (
    "headline",
    "standfirst",
    "body_html",
    "dateline",
    "byline",
    "credit_text",
    "lead_image_caption",
    "lead_image_credit",
)


class KeepsStoredText:
    """A form over an article whose text fields, saved unchanged but for the CRLF
    newlines browsers send or trailing white space (or what cleaning would make of
    the stored text), keep the stored text exactly: the save changes nothing
    readers see and records no override that would keep agency updates out."""

    text_fields: tuple[str, ...] = TEXT_FIELDS

    def keep_stored_text(self, data: dict) -> dict:
        if self.instance.pk:
            for name in self.text_fields:
                if name in data and name not in self.changed_data:
                    data[name] = getattr(self.instance, name)
        return data


class DeskLoginForm(AuthenticationForm):
    """Sign-in that says plainly when too many attempts locked the account out."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": (
            "Too many failed sign-ins for this account from your address. "
            "Wait 15 minutes and try again."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if username and ratelimit.locked_out(self.request, username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        return super().clean()


class ArticleForm(KeepsStoredText, forms.ModelForm):
    """The edit page: text, tags, lead image, schedule; the lock travels hidden."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    is_correction = forms.BooleanField(
        required=False,
        label="This is a correction",
        help_text="Readers see the note below; Updated: moves to now.",
    )
    correction = SubmittedText(
        required=False,
        label="Correction note",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    moves_updated = forms.BooleanField(
        required=False,
        label="A substantive update (moves Updated: to now)",
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "standfirst",
            "body_html",
            "dateline",
            "country",
            "countries",
            "sector",
            "secondary_sectors",
            "edition",
            "editions",
            "byline",
            "credit_text",
            "lead_image",
            "lead_image_url",
            "lead_image_caption",
            "lead_image_credit",
            "go_live_at",
            "expire_at",
        ]
        field_classes = dict.fromkeys(TEXT_FIELDS, SubmittedText) | {
            "body_html": BodyText
        }
        labels = {
            "body_html": "Body",
            "edition": "Edition",
            "editions": "Also in editions",
        }
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "body_html": forms.Textarea(attrs={"rows": 18, "class": "body-editor"}),
            "countries": forms.SelectMultiple(attrs={"size": 6}),
            "secondary_sectors": forms.SelectMultiple(attrs={"size": 6}),
            "editions": forms.SelectMultiple(attrs={"size": 7}),
            "go_live_at": ZonedDateTimeInput,
            "expire_at": ZonedDateTimeInput,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("go_live_at", "expire_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk and not self.is_bound:
            self.initial["lock_version"] = self.instance.lock_version
        if self.instance.pk and "body_html" not in kwargs.get("initial", {}):
            self.initial["body_html"] = editable_body(self.instance.body_html)
        self.fields["body_html"].help_text = (
            "HTML, or text: a blank line starts a new paragraph, a single newline "
            "is a line break."
        )

    def clean_headline(self) -> str:
        return clean_text(self.cleaned_data["headline"])

    def clean_standfirst(self) -> str:
        return clean_text(self.cleaned_data["standfirst"])

    def clean_body_html(self) -> str:
        return clean_html(typed_paragraphs(self.cleaned_data["body_html"]))

    def clean(self):
        data = self.keep_stored_text(super().clean())
        if data.get("is_correction") and not (data.get("correction") or "").strip():
            self.add_error("correction", "Say what was corrected: readers see it.")
        go, expire = data.get("go_live_at"), data.get("expire_at")
        if expire and expire <= timezone.now() and not self._kept_expiry(expire):
            # A past expiry would take a live article down at the next schedule
            # run, seconds after the save; a stored one left as it was is no news
            # to a plain save, but publishing or scheduling with it is refused
            # (workflow.expiry_passed, checked by the edit view before saving).
            self.add_error(
                "expire_at", f"Expire at is in the past: {desk_time(expire)}."
            )
        elif go and expire and expire <= go:
            self.add_error("expire_at", "Expiry must come after the go-live time.")
        return data

    def _kept_expiry(self, expire: datetime) -> bool:
        """Whether ``expire`` is the stored expiry sent back as the form shows it
        (to the minute): kept by a save, never enough to go live."""
        stored = self.instance.expire_at if self.instance.pk else None
        return stored is not None and stored.replace(
            second=0, microsecond=0
        ) == expire.replace(second=0, microsecond=0)

    @property
    def many(self) -> dict[str, list]:
        """The many-to-many choices, set after the lock is taken."""
        return {
            name: list(self.cleaned_data.get(name) or [])
            for name in ("countries", "secondary_sectors", "editions")
        }


class PieceForm(ArticleForm):
    """A writer's opinion, blog post or interview, with its author."""

    class Meta(ArticleForm.Meta):
        fields = ["kind", "author", *ArticleForm.Meta.fields]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c for c in Article.Kind.choices if c[0] != Article.Kind.NEWS
        ]
        self.fields["author"].required = True
        self.fields["lock_version"].required = False
        for name in ("is_correction", "correction", "moves_updated"):
            del self.fields[name]


class BriefForm(forms.ModelForm):
    class Meta:
        model = Brief
        fields = ["text", "link_url", "edition", "sector"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_text(self) -> str:
        text = clean_text(self.cleaned_data["text"])
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        if len(sentences) > 3:
            raise forms.ValidationError(
                f"A brief is one to three sentences; this has {len(sentences)}."
            )
        return text


class AuthorForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ["name", "role", "bio", "photo", "user"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_bio(self) -> str:
        return clean_text(self.cleaned_data["bio"])


class QueueFilter(forms.Form):
    """The queue's filters; every one optional, all shown in the query string."""

    # "any", not Django's "---------": a filter left empty matches everything.
    source = forms.ModelChoiceField(
        Source.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label="any",
    )
    sector = forms.ModelChoiceField(
        Sector.objects.all(), required=False, empty_label="any"
    )
    country = forms.ModelChoiceField(
        Country.objects.all(), required=False, empty_label="any"
    )
    edition = forms.ModelChoiceField(
        Edition.objects.all(), required=False, empty_label="any"
    )
    urgency = forms.TypedChoiceField(
        choices=[("", "any")] + [(str(i), f"{i} or more urgent") for i in range(1, 9)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    state = forms.ChoiceField(
        choices=[
            ("", "waiting (draft, in review, flagged, new version)"),
            *Article.Status.choices,
            *desk_queue.STATES,
        ],
        required=False,
    )
    q = forms.CharField(required=False, label="Headline contains")


class PinForm(forms.Form):
    """The article to pin on one home page (``edition`` None: the main home).

    Offered: articles readers can see now and not pinned there already; one
    pinned there is refused as not a choice.
    """

    article = forms.ModelChoiceField(Article.objects.none(), label="Article")

    def __init__(self, *args, edition: Edition | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        pinned = HomePin.objects.filter(edition=edition).values("article_id")
        # Built per request: published() reads the clock.
        self.fields["article"].queryset = (
            Article.objects.published().exclude(pk__in=pinned).order_by("-updated_at")
        )
