from django import forms
from django.contrib import admin

from wiredesk.desk import audit, revisions, service
from wiredesk.desk.forms import TEXT_FIELDS, KeepsStoredText, SubmittedText
from wiredesk.desk.models import Article, AuditLog, SectorRule
from wiredesk.ingest.sanitise import clean_html

# The article's text as the admin shows it: the desk's text fields and the note.
_TEXT_FIELDS = (*TEXT_FIELDS, "correction_note", "attention_reason")


class ArticleAdminForm(KeepsStoredText, forms.ModelForm):
    """The body is cleaned with the same allow-list as the desk's edit page.

    As on the desk's edit page, a text saved unchanged but for the CRLF newlines
    browsers send (or trailing white space) is no edit: it is kept as stored and
    is not recorded as the editor's override, which would keep agency updates out.
    """

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin decides which fields it shows
        field_classes = dict.fromkeys(_TEXT_FIELDS, SubmittedText)

    def clean_body_html(self) -> str:
        return clean_html(self.cleaned_data.get("body_html") or "")

    text_fields = _TEXT_FIELDS

    def clean(self):
        return self.keep_stored_text(super().clean())


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Corrections of any field; publishing goes through the desk's workflow only."""

    form = ArticleAdminForm
    list_display = ["headline", "kind", "status", "dateline", "country", "updated_at"]
    list_filter = ["status", "kind", "edition"]
    search_fields = ["headline", "standfirst"]
    filter_horizontal = ["countries", "secondary_sectors"]
    readonly_fields = [
        "story",
        "slug",  # derived from the headline at save(); may hold combining marks
        "status",
        "live",
        "go_live_at",
        "first_published_at",
        "last_published_at",
        "modified_at",
    ]

    def save_model(self, request, obj, form, change) -> None:
        # An editor's change to a drafted field sticks when the agency updates.
        if change and form.changed_data:
            service.record_overrides(obj, form.changed_data)
        if change:
            obj.lock_version += 1  # an open desk edit form now conflicts
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        # Kept like a desk save: a revision and an audit entry (after the m2m).
        super().save_related(request, form, formsets, change)
        revisions.record(form.instance, request.user, "admin edit")
        audit.record(request.user, "admin-edit", form.instance)


@admin.register(SectorRule)
class SectorRuleAdmin(admin.ModelAdmin):
    """Per-sector review rules: without one, the source's auto_publish decides."""

    list_display = ["sector", "auto_publish"]
    list_editable = ["auto_publish"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the workflow, never edited."""

    list_display = ["created_at", "username", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["username", "target_repr", "note"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
