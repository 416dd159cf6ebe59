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


def test_article_admin_cleans_the_body_and_cannot_publish(staff, django_user_model):
    """A body saved through the admin is cleaned like the desk's (no script), and
    the admin offers no way round the workflow: status and live are read-only."""
    from tests.test_overrides import change_form_data
    from wiredesk.desk.models import Article

    article = Article.objects.create(headline="Wells dry up in the Sahel")
    boss = django_user_model.objects.get(username="boss")
    data = change_form_data(article, boss) | {
        "body_html": (
            '<p>Wells are dry.</p><script>steal()</script><a href="javascript:x()">'
            "x</a>"
        ),
        "status": "published",
        "live": "on",
    }
    url = reverse("admin:desk_article_change", args=[article.pk])
    response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Article.objects.get(pk=article.pk)
    assert "<script" not in saved.body_html and "javascript:" not in saved.body_html
    assert "Wells are dry." in saved.body_html
    assert saved.status == Article.Status.DRAFT and not saved.live
