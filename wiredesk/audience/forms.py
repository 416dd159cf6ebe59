"""Public forms of the audience features: feedback, newsletter sign-up, preferences."""

from __future__ import annotations

import time

from django import forms
from django.core import signing

from wiredesk.audience.models import Feedback
from wiredesk.taxonomy.models import Edition, Sector

MIN_FILL_SECONDS = 3
FORM_MAX_AGE = 24 * 3600
_STARTED_SALT = "wiredesk.audience.form-started"


def started_token(at: float | None = None) -> str:
    """A signed 'form shown at' time: a bot cannot fake an older one."""
    return signing.dumps(int(at if at is not None else time.time()), salt=_STARTED_SALT)


def local_page(value: str) -> str:
    """The page a form came from, kept only when it is a path on this site."""
    value = (value or "").strip()[:500]
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return ""


class FeedbackForm(forms.ModelForm):
    """Give Feedback, with a honeypot field and a minimum time to fill it in."""

    # Hidden from people by CSS and aria-hidden; bots fill every field.
    website = forms.CharField(required=False, label="Leave this field empty")
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Feedback
        fields = ["name", "email", "message", "page"]
        widgets = {
            "page": forms.HiddenInput,
            "message": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off"}
        )
        self.fields["message"].max_length = 5000
        self.fields["message"].widget.attrs["maxlength"] = 5000
        if not self.is_bound:
            self.initial["started"] = started_token()

    @property
    def is_trap(self) -> bool:
        """The honeypot was filled: a bot, answered as if all went well."""
        return bool(self.data.get("website"))

    def clean_page(self) -> str:
        return local_page(self.cleaned_data.get("page", ""))

    def clean_started(self) -> str:
        raw = self.cleaned_data["started"]
        try:
            shown = signing.loads(raw, salt=_STARTED_SALT, max_age=FORM_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "This form was open for too long; please send it again."
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "This form could not be checked; please send it again."
            ) from None
        self._shown = shown
        return raw

    def clean(self):
        """The minimum time to fill the form in, checked only once every field is
        right: a reader who sent it empty needs the fields' own errors, not to be
        told they were quick as well."""
        data = super().clean()
        shown = getattr(self, "_shown", None)
        if (
            not self.errors
            and shown is not None
            and time.time() - shown < (MIN_FILL_SECONDS)
        ):
            self.add_error(
                "started",
                "That was very quick; please check your message and send it again.",
            )
        return data


class InterestsForm(forms.Form):
    """Editions and sectors a subscriber wants (none chosen: the main digest)."""

    editions = forms.ModelMultipleChoiceField(
        queryset=Edition.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Which editions' daily digests to receive.",
    )
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Sectors you care most about come first.",
    )


class SubscribeForm(InterestsForm):
    email = forms.EmailField(max_length=254)

    field_order = ["email", "editions", "sectors"]

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
