"""The Jinja2 environment of the public pages.

Readers' pages are rendered by Jinja2, not Django's template language: Jinja2
compiles a template to Python once, and an uncached article page went from about
1.9 to 1.05 ms of CPU in process (DTL resolved some fifty variables and nodes per
page one by one). Each app adds what its templates call from a ``jinja.py``
module of its own (``GLOBALS``, ``FILTERS``, ``EXTENSIONS``), found the way Django
finds ``templatetags``, so the project names no app and the apps keep their
layering.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, Environment


def url(viewname: str, *args: object) -> str:
    """``{% url %}``: the path of ``viewname`` with ``args``."""
    return reverse(viewname, args=args)


def environment(**options) -> Environment:
    """The environment Django's Jinja2 backend renders with (settings.TEMPLATES)."""
    # Like Django's templates, a missing variable or attribute renders as nothing
    # rather than failing the page ("sector.pk" on a page without a sector).
    options["undefined"] = ChainableUndefined
    options.setdefault("keep_trailing_newline", True)  # pages end as they did
    env = Environment(**options)
    env.globals.update(url=url, static=static)
    for config in apps.get_app_configs():
        name = f"{config.name}.jinja"
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        for extension in getattr(module, "EXTENSIONS", ()):
            env.add_extension(extension)
        env.globals.update(getattr(module, "GLOBALS", {}))
        env.filters.update(getattr(module, "FILTERS", {}))
    return env
