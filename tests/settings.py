"""Test settings: the real settings, with a throw-away home and fast defaults."""

import os
import tempfile

os.environ.setdefault("WIREDESK_HOME", tempfile.mkdtemp(prefix="wiredesk-test-"))

from wiredesk.settings import *  # noqa: F403

# Tasks run inline in tests, so one call walks a story down the whole path.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FETCH_HOST_DELAY = 0.0  # the tests' local servers need no politeness
