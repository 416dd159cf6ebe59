"""The desk's view of stories: flags, items, and the editor's merge and split."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from wiredesk.stories import editing
from wiredesk.stories.locking import match_lock
from wiredesk.stories.models import Story, StoryItem

# The desk's flag: the only fields of a story the editor sets (module level, for
# the comprehension in StoryAdmin's body cannot see the class's own names).
ATTENTION = ("needs_attention", "attention_priority", "attention_reason")


class StoryItemInline(admin.TabularInline):
    model = StoryItem
    fields = ["item", "role", "score", "joined_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "created_at",
        "updated_at",
        "needs_attention",
        "attention_priority",
    ]
    list_filter = ["needs_attention", "attention_priority"]
    search_fields = ["headline"]
    inlines = [StoryItemInline]
    # Only the desk's flag is the editor's to set. The rest follows the items
    # (matching, merges and splits write it under the match lock): a form opened
    # before another agency joined would otherwise put back the old primary,
    # headline and times, and nothing would redraft the article.
    fields = [
        "headline",
        "primary_item",
        "created_at",
        "updated_at",
        "editor_merged",
        "needs_attention",
        "attention_priority",
        "attention_reason",
        "split_link",
    ]
    readonly_fields = [name for name in fields if name not in ATTENTION]
    actions = ["merge_stories"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # stories are made by matching and by editors' splits

    def save_model(self, request, obj: Story, form, change: bool) -> None:
        """Write the desk's flag alone, under the match lock, so a worker placing
        an item meanwhile neither loses its change nor overwrites the flag."""
        with transaction.atomic():
            match_lock()
            Story.objects.filter(pk=obj.pk).update(
                **{name: getattr(obj, name) for name in ATTENTION}
            )
        obj.refresh_from_db()

    @admin.display(description="Split")
    def split_link(self, story: Story) -> str:
        if not story.pk:
            return "—"
        url = reverse("admin:stories_story_split", args=[story.pk])
        return format_html('<a href="{}">Split items into a new story…</a>', url)

    @admin.action(description="Merge selected stories", permissions=["change"])
    def merge_stories(self, request: HttpRequest, queryset) -> None:
        try:
            merged = editing.merge(queryset, user=request.user)
        except editing.EditError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        done = f"Merged into story {merged.story.pk}: {merged.story}."
        self.message_user(request, done + _withdrawn(merged), messages.SUCCESS)

    def get_urls(self):
        split = self.admin_site.admin_view(self.split_view)
        return [
            path("<int:story_id>/split/", split, name="stories_story_split"),
            *super().get_urls(),
        ]

    def split_view(self, request: HttpRequest, story_id: int) -> HttpResponse:
        """Tick the items that tell another story; they move to a new story."""
        story = get_object_or_404(Story, pk=story_id)
        if not self.has_change_permission(request, story):
            raise PermissionDenied
        if request.method == "POST":
            family = _merge_family(story)
            try:
                new = editing.split(
                    story, request.POST.getlist("items"), user=request.user
                )
            except ValueError as exc:  # editing.EditError among them
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Split into story {new.pk}; matching keeps the two apart."
                    + _moved_along(new, request.POST.getlist("items"))
                    + _given_back(family, story, new),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:stories_story_change", args=[new.pk])
                )
        chain = editing.chains(story)
        links = list(story.items.select_related("item__source").order_by("pk"))
        by_item = {link.item_id: link for link in links}
        for link in links:
            link.moves_with = [
                by_item[pk] for pk in sorted(chain[link.item_id]) if pk != link.item_id
            ]
        kept, withdrawn = _merge_family(story)
        merged = (
            editing._article_model().objects.filter(pk__in=withdrawn).order_by("pk")
            if withdrawn
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Split story: {story}",
            "story": story,
            "links": links,
            "kept": kept,
            "merged": merged,
        }
        return TemplateResponse(request, "admin/stories/story/split.html", context)


def _withdrawn(merged: editing.Merged) -> str:
    """What the merge did to the desk's articles, in words: which were withdrawn
    and where their addresses now lead ("" for none)."""
    gone, kept = merged.withdrawn, merged.article
    if not gone or kept is None:
        return ""
    names = ", ".join(f"{a.pk} “{a.headline}”" for a in gone)
    one = len(gone) == 1
    return (
        f" Withdrawn (unpublished, kept on the desk) in favour of article "
        f"{kept.pk} “{kept.headline}”: article{'' if one else 's'} {names}; "
        f"{'its address redirects' if one else 'their addresses redirect'} to "
        f"{kept.get_absolute_url()}. Check the merged article: it is flagged."
    )


def _merge_family(story: Story) -> tuple[int | None, set[int]]:
    """The story's article and the articles a merge withdrew into it, by id:
    what a split may give back (workflow.unmerge)."""
    if not editing._with_articles():
        return None, set()
    model = editing._article_model()
    articles = model.objects.filter(story_id=story.pk)
    kept = articles.values_list("pk", flat=True).first()
    if kept is None:
        return None, set()
    return kept, set(
        model.objects.filter(merged_into_id=kept).values_list("pk", flat=True)
    )


def _given_back(family: tuple[int | None, set[int]], story: Story, new: Story) -> str:
    """The articles a split gave the two stories by undoing a merge, in words
    ("" for none): a withdrawn article now told by either story, or the kept one
    gone with its own items to the new story."""
    kept, withdrawn = family
    if kept is None or not withdrawn:
        return ""
    model = editing._article_model()
    given = model.objects.filter(
        pk__in={kept, *withdrawn}, merged_into__isnull=True
    ).order_by("pk")
    told = [
        f"article {a.pk} “{a.headline}” ({a.get_absolute_url()}) tells story "
        f"{a.story_id} again"
        for a in given
        if a.story_id == new.pk or (a.pk != kept and a.story_id == story.pk)
    ]
    return " The merge is undone: " + "; ".join(told) + "." if told else ""


def _moved_along(new: Story, ticked: list[str]) -> str:
    """The items a split moved that the editor did not tick, named: versions of
    the items ticked, or the items a ticked version is a version of ("" for
    none). Ticking only a later version moves its item too."""
    along = (
        new.items.exclude(item_id__in={int(pk) for pk in ticked})
        .select_related("item__source")
        .order_by("item_id")
    )
    names = "; ".join(_named(link) for link in along)
    if not names:
        return ""
    return (
        " Also moved, as versions of the same agency items as those ticked (an "
        f"item moves with all its versions): {names}."
    )


def _named(link: StoryItem) -> str:
    """An agency item as the split page lists it: agency, headline, version."""
    item = link.item
    return f"{item.source.agency} “{item.headline}” (version {item.version})"
