"""Settings are declared once (wiredesk.conf) and documented in docs/settings.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wiredesk import conf

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented():
    """docs/settings.md names every setting declared in wiredesk.conf."""
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [s.name for s in conf.SETTINGS if f"`{s.name}`" not in doc]
    assert missing == []


def test_settings_module_reads_only_declared_settings():
    """settings.py reads the environment only through conf, by declared names."""
    source = (ROOT / "wiredesk" / "settings.py").read_text(encoding="utf-8")
    assert "os.environ" not in source and "getenv" not in source
    used = set(re.findall(r"conf\.env\w*\(\"(\w+)\"\)", source))
    declared = {s.name for s in conf.SETTINGS}
    assert used and used <= declared
    assert declared - used <= {"WIREDESK_HOME", "SECRET_KEY"}  # read by helpers


def test_undeclared_setting_is_an_error():
    """Reading a setting nobody declared fails loudly instead of drifting."""
    with pytest.raises(KeyError, match="NOT_A_SETTING"):
        conf.env("NOT_A_SETTING")


def test_bad_number_names_the_setting(monkeypatch):
    """A malformed value says which setting is wrong and what was given."""
    monkeypatch.setenv("WEB_CONCURRENCY", "many")
    with pytest.raises(ValueError, match=r"WEB_CONCURRENCY.*'many'"):
        conf.env_int("WEB_CONCURRENCY")


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    """Without SECRET_KEY a key is made once, kept private, and reused."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = conf.secret_key(tmp_path)
    assert len(first) >= 50
    assert conf.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert conf.secret_key(tmp_path) == "from-the-environment"


def test_sqlite_default_uses_wal_and_a_busy_timeout(settings):
    """The embedded database is set up for several processes writing."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("DATABASE_URL points at another database")
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] >= 5
