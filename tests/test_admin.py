"""The desk's admin pages load for every model an editor or admin manages."""

import pytest
from django.contrib import admin
from django.urls import reverse

from wiredesk.ingest.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: m._meta.label_lower
)
def test_changelist_and_add_pages_load(staff, model):
    """Every registered model's list page renders for an administrator."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert staff.get(url).status_code == 200


def test_source_list_shows_health(staff):
    """The source list shows failures, the last error and items in 24 hours."""
    Source.objects.create(
        name="Flaky wire",
        slug="flaky",
        agency="Flaky",
        url="https://wire.invalid/feed",
        consecutive_failures=3,
        last_error="flaky: HTTP 503",
    )
    page = staff.get(reverse("admin:ingest_source_changelist")).content.decode()
    assert "Flaky wire" in page and "flaky: HTTP 503" in page
    assert "Items 24 h" in page
