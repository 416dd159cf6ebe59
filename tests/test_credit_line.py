"""The credit line under an agency story, per the CREDIT_LINE setting."""

from __future__ import annotations

import pytest
from django.core import checks
from django.urls import reverse

from wiredesk.desk.models import Article

ONE = ["Meridian Press Agency"]
TWO = ["Meridian Press Agency", "Northwind Wire"]
THREE = [*TWO, "Coastal News Service"]


@pytest.mark.parametrize(
    ("mode", "agencies", "line"),
    [
        ("auto", ONE, "(With inputs from agencies.)"),
        ("auto", TWO, "(With inputs from Meridian Press Agency and Northwind Wire.)"),
        (
            "auto",
            THREE,
            "(With inputs from Meridian Press Agency, Northwind Wire and Coastal "
            "News Service.)",
        ),
        ("agencies", THREE, "(With inputs from agencies.)"),
        ("named", ONE, "(With inputs from Meridian Press Agency.)"),
        ("named", TWO, "(With inputs from Meridian Press Agency and Northwind Wire.)"),
        ("auto", [], ""),
        ("named", [], ""),
    ],
)
def test_credit_line_follows_the_setting(settings, mode, agencies, line):
    """'agencies' is generic, 'named' names them, 'auto' names two or more; an
    article written in house (no agencies) carries no credit line."""
    settings.CREDIT_LINE = mode
    assert Article(headline="x", agencies=agencies).credit_line == line


@pytest.mark.django_db
def test_article_page_shows_the_credit_line(client, settings):
    """Readers see the credit line on the published article."""
    settings.CREDIT_LINE = "named"
    article = Article(headline="Rice exports slip", agencies=TWO)
    article.publish()
    article.save()
    page = client.get(
        reverse("reader:article", kwargs={"pk": article.pk, "slug": article.slug})
    )
    assert "Meridian Press Agency and Northwind Wire" in page.content.decode()


@pytest.mark.parametrize("mode", ["Named", "name", ""])
def test_a_misspelt_credit_line_fails_the_system_check(settings, mode):
    """A CREDIT_LINE the site does not know is reported at start-up instead of
    silently printing the generic line under every story."""
    settings.CREDIT_LINE = mode
    errors = [m for m in checks.run_checks() if m.id == "wiredesk.desk.E001"]
    assert len(errors) == 1
    assert repr(mode) in errors[0].msg
    assert "auto, agencies, named" in errors[0].msg
    if mode == "Named":
        assert errors[0].hint.startswith("Write it 'named'")


@pytest.mark.parametrize("mode", ["auto", "agencies", "named"])
def test_a_known_credit_line_passes_the_system_check(settings, mode):
    settings.CREDIT_LINE = mode
    assert not [m for m in checks.run_checks() if m.id == "wiredesk.desk.E001"]
