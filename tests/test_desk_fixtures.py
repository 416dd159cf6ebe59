"""Fixtures shared by the desk tests (star-imported): users in each role, an article."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from wiredesk.desk.models import Article

PASSWORD = "correct horse battery"


def make_user(django_user_model, username: str, role: str):
    user = django_user_model.objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def writer(django_user_model):
    return make_user(django_user_model, "wanda", "writer")


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "eddie", "editor")


@pytest.fixture
def second_editor(django_user_model):
    return make_user(django_user_model, "erin", "editor")


@pytest.fixture
def article(db):
    return Article.objects.create(
        headline="Rains return to the Sahel after a dry spell",
        standfirst="Farmers in three countries welcome the first rain in months.",
        body_html="<p>The rain came on Tuesday.</p><p>Planting has begun.</p>",
        dateline="Niamey",
    )


@pytest.fixture(autouse=True)
def fresh_login_limits(fresh_rate_limits):
    """Sign-in failures are counted in the cache: start every test with none."""
