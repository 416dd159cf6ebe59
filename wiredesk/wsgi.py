"""WSGI entry point, served by gunicorn under `wiredesk run`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
application = get_wsgi_application()
