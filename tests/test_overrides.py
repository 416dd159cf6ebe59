"""Editor overrides stick: a tag or text an editor set survives agency updates, while
untouched fields keep following the draft."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.forms import CheckboxInput, FileField, SplitDateTimeWidget
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from wiredesk.demo import content
from wiredesk.demo.setup import register_sources
from wiredesk.demo.wire_server import WireService
from wiredesk.desk import service
from wiredesk.desk.models import Article
from wiredesk.ingest import pipeline

pytestmark = pytest.mark.django_db

EDITIONS = {
    "urn:meridian:2026:0001": "africa",  # Ghana
    "urn:northwind:2026:0002": "asia-pacific",  # Bangladesh
    "urn:meridian:2026:0002": "africa",  # Mozambique
    "urn:coastal:2026:0002": "africa",  # Zambia
    "urn:meridian:2026:0003": "europe",  # Moldova
    "urn:meridian:2026:0004": "asia-pacific",  # Vietnam
    "urn:northwind:2026:0003": "asia-pacific",  # Nepal
    "urn:northwind:2026:0004": "latin-america-caribbean",  # Mexico
    "urn:coastal:2026:0003": "latin-america-caribbean",  # Peru
    "urn:coastal:2026:0004": "middle-east-north-africa",  # Jordan
}


@pytest.fixture
def wire():
    service_ = WireService().start()
    yield service_
    service_.stop()


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("desk", "d@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


def poll(sources, capture) -> None:
    with capture(execute=True):
        for source in sources:
            pipeline.fetch_source(source)


def article_of(guid: str) -> Article:
    return Article.objects.filter(story__items__item__guid=guid).distinct().get()


def change_form_data(article: Article, user) -> dict:
    """The article's admin change form as the browser would post it unchanged."""
    request = RequestFactory().get("/")
    request.user = user
    form = admin.site._registry[Article].get_form(request, article)(instance=article)
    data: dict = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, SplitDateTimeWidget):
            if value:
                local = timezone.localtime(value)
                data[f"{name}_0"] = local.strftime("%Y-%m-%d")
                data[f"{name}_1"] = local.strftime("%H:%M:%S")
        elif isinstance(field, FileField):
            continue  # no upload: the stored file stays
        elif isinstance(field.widget, CheckboxInput):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
        if field.show_hidden_initial:
            # Fields with a callable default carry their initial value in a hidden
            # input, which the admin compares with to tell what the editor changed.
            for key in [k for k in data if k == name or k.startswith(f"{name}_")]:
                data[f"initial-{key}"] = data[key]
    return data


def edit_in_admin(client, article: Article, **changes) -> None:
    data = change_form_data(article, client.user) | changes
    url = reverse("admin:desk_article_change", args=[article.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_demo_articles_get_sector_edition_and_country(
    wire, django_capture_on_commit_callbacks
):
    """Every demo article ends with its editor's sector, its region's edition and a
    primary country among its countries."""
    from tests.test_sectors import DEMO_SECTORS

    poll(register_sources(wire), django_capture_on_commit_callbacks)
    for guid, edition in EDITIONS.items():
        article = article_of(guid)
        assert article.sector_id == DEMO_SECTORS[guid], article.headline
        assert article.edition_id == edition, article.headline
        assert article.country in article.countries.all()
        assert article.sector not in article.secondary_sectors.all()


def test_editor_overrides_survive_an_agency_update(
    wire, editor, django_capture_on_commit_callbacks
):
    """Sector, headline and countries set in the admin stay after the agency's
    update; the body, untouched by the editor, follows the new version."""
    sources = register_sources(wire)
    poll(sources, django_capture_on_commit_callbacks)
    article = article_of(content.UPDATED_GUID)
    assert article.sector_id == "health"
    edit_in_admin(
        editor,
        article,
        headline="Cholera spreads in Lusaka townships",
        sector="water-sanitation",
        secondary_sectors=["health"],
        countries=["ZM", "MW"],
    )
    article.refresh_from_db()
    assert article.overridden_fields == [
        "headline",
        "countries",
        "sector",
        "secondary_sectors",
    ]

    wire.started -= 3600  # the agency's UPDATE 1 is now out
    poll(sources, django_capture_on_commit_callbacks)

    after = article_of(content.UPDATED_GUID)
    assert after.pk == article.pk
    assert after.headline == "Cholera spreads in Lusaka townships"
    assert after.sector_id == "water-sanitation"
    assert list(after.secondary_sectors.values_list("slug", flat=True)) == ["health"]
    assert set(after.countries.values_list("code", flat=True)) == {"ZM", "MW"}
    # Untouched fields follow the new version of the agency copy.
    assert "31" in after.body_html and "31" not in article.body_html
    assert after.updated_at > article.updated_at
    assert after.country_id == "ZM" and after.edition_id == "africa"


def test_changing_the_country_moves_the_edition_until_an_edition_is_chosen(
    wire, editor, django_capture_on_commit_callbacks
):
    """A new country brings its edition; an edition chosen by hand stays."""
    sources = register_sources(wire)
    poll(sources, django_capture_on_commit_callbacks)
    article = article_of(content.UPDATED_GUID)
    edit_in_admin(editor, article, country="FR")
    article.refresh_from_db()
    assert (article.country_id, article.edition_id) == ("FR", "europe")

    wire.started -= 3600
    poll(sources, django_capture_on_commit_callbacks)
    article.refresh_from_db()
    assert (article.country_id, article.edition_id) == ("FR", "europe")

    edit_in_admin(editor, article, edition="global")
    article.refresh_from_db()
    service.apply_draft(article.story.draft)
    article.refresh_from_db()
    assert (article.country_id, article.edition_id) == ("FR", "global")


def test_an_article_edited_before_per_field_overrides_keeps_its_text(
    wire, django_capture_on_commit_callbacks
):
    """desk_edited alone (older rows) keeps the editor's text; tags still follow."""
    sources = register_sources(wire)
    poll(sources, django_capture_on_commit_callbacks)
    article = article_of(content.UPDATED_GUID)
    Article.objects.filter(pk=article.pk).update(
        desk_edited=True, headline="Edited long ago", sector=None
    )
    service.apply_draft(article.story.draft)
    article.refresh_from_db()
    assert article.headline == "Edited long ago"
    assert article.sector_id == "health"


def test_a_cleared_override_follows_the_draft_again(
    wire, editor, django_capture_on_commit_callbacks
):
    """Removing a field from the overrides in the admin hands it back to drafting."""
    sources = register_sources(wire)
    poll(sources, django_capture_on_commit_callbacks)
    article = article_of(content.UPDATED_GUID)
    edit_in_admin(editor, article, sector="gender")
    article.refresh_from_db()
    edit_in_admin(editor, article, overridden_fields="[]")
    service.apply_draft(article.story.draft)
    article.refresh_from_db()
    assert article.sector_id == "health"


def test_a_cleared_headline_override_follows_the_draft_again(
    wire, editor, django_capture_on_commit_callbacks
):
    """Emptying the overrides in the admin hands an edited headline back to drafting
    too: the next agency version's headline replaces the editor's."""
    sources = register_sources(wire)
    poll(sources, django_capture_on_commit_callbacks)
    article = article_of(content.UPDATED_GUID)
    drafted = article.headline
    edit_in_admin(editor, article, headline="Editor's own headline")
    article.refresh_from_db()
    assert article.overridden_fields == ["headline"]
    edit_in_admin(editor, article, overridden_fields="[]")
    service.apply_draft(article.story.draft)
    article.refresh_from_db()
    assert article.headline == drafted
    assert not article.desk_edited


def test_a_cleared_tag_override_keeps_an_overridden_headline(
    wire, editor, django_capture_on_commit_callbacks
):
    """Taking the sector out of the overrides leaves the editor's headline, still
    listed, as the editor wrote it."""
    sources = register_sources(wire)
    poll(sources, django_capture_on_commit_callbacks)
    article = article_of(content.UPDATED_GUID)
    edit_in_admin(editor, article, headline="Editor's own headline", sector="gender")
    article.refresh_from_db()
    edit_in_admin(editor, article, overridden_fields='["headline"]')
    service.apply_draft(article.story.draft)
    article.refresh_from_db()
    assert (article.headline, article.sector_id) == ("Editor's own headline", "health")


def test_an_article_edited_before_per_field_overrides_keeps_its_text_on_a_tag_edit(
    wire, editor, django_capture_on_commit_callbacks
):
    """An older row (desk_edited alone) whose sector an editor then sets keeps its
    edited text through the next agency version."""
    sources = register_sources(wire)
    poll(sources, django_capture_on_commit_callbacks)
    article = article_of(content.UPDATED_GUID)
    Article.objects.filter(pk=article.pk).update(
        desk_edited=True, headline="Edited long ago", standfirst="Edited too."
    )
    article.refresh_from_db()
    edit_in_admin(editor, article, sector="gender")
    service.apply_draft(article.story.draft)
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == ("Edited long ago", "Edited too.")
    assert article.sector_id == "gender"
