"""Every environment setting of wiredesk, declared once with its default and meaning.

settings.py reads values only through :func:`env`, and docs/settings.md is checked
against :data:`SETTINGS` by a test, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "WIREDESK_HOME",
        "~/.wiredesk",
        "Folder for wiredesk's own files: the SQLite database, the generated secret "
        "key, drop folders and collected static files.",
    ),
    Setting(
        "DATABASE_URL",
        "sqlite:///$WIREDESK_HOME/wiredesk.sqlite3",
        "Database as a URL (dj-database-url syntax). SQLite runs in WAL mode with a "
        "busy timeout; use postgres://user@host:5432/name at scale.",
    ),
    Setting(
        "REDIS_URL",
        "(unset)",
        "Optional Redis, e.g. redis://127.0.0.1:6379/0. When set it holds the cache "
        "(and later the trending counters); otherwise a local-memory cache is used.",
    ),
    Setting(
        "SECRET_KEY",
        "(generated)",
        "Django's signing key. When unset, one is generated on first start and kept "
        "in $WIREDESK_HOME/secret_key (mode 0600), so sessions survive restarts.",
    ),
    Setting(
        "SITE_NAME", "wiredesk", "The public name of the site, shown in the header."
    ),
    Setting(
        "DESK_NAME",
        "wiredesk News Desk",
        "The byline of agency stories, the first field of an article's meta line.",
    ),
    Setting(
        "SITE_TIME_ZONE",
        "UTC",
        "IANA time zone in which times are shown to readers, with its abbreviation "
        "(e.g. Asia/Kolkata shows 05-02-2026 06:25 IST). Times are stored in UTC.",
    ),
    Setting(
        "ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1]",
        "Comma-separated host names the site answers to.",
    ),
    Setting("DEBUG", "off", "Django's debug mode; on only when set to 1/true/yes/on."),
    Setting(
        "CREDIT_LINE",
        "auto",
        "How agency stories are credited: 'agencies' always prints '(With inputs "
        "from agencies.)'; 'named' always names the agencies; 'auto' names them when "
        "several agencies told the story and prints the generic line otherwise.",
    ),
    Setting(
        "STORY_PRIMARY",
        "priority,completeness,earliest",
        "How the primary item of a story (the copy its article is drafted from) is "
        "chosen, keys in order: 'priority' (the source's priority, lower wins), "
        "'completeness' (the longer text), 'earliest' (the first to report).",
    ),
    Setting(
        "STORY_SCORER",
        "entity-agreement",
        "How a wire item is scored against a candidate story: 'entity-agreement' "
        "(cosine with the story, times how much of its core names, figures and "
        "dates the item shares), 'who-where-when' (also penalises conflicting "
        "specifics: more precise, less recall) or 'centroid' (cosine alone).",
    ),
    Setting(
        "STORY_REFINE",
        "on",
        "Run the periodic refinement of stories (every ten minutes: a recent story "
        "whose halves name other places, people, figures and dates is cut in two, "
        "a small fragment or a lone item joins its event's story, and an item its "
        "own story no longer fits moves to one that fits it clearly better). On by "
        "default: on the ECB+ development set it raises pairwise F1 from 0.840 to "
        "0.892.",
    ),
    Setting(
        "DATABASE_PREPARED_STATEMENTS",
        "on",
        "PostgreSQL only: the reader's queries by id (article page, teasers of "
        "search results and of the home page) are prepared on each connection and "
        "then only executed, which spares the server their parse and plan. Turn off "
        "behind a pooler that cannot keep prepared statements (PgBouncer in "
        "transaction mode before 1.22, or without max_prepared_statements).",
    ),
    Setting(
        "WEB_CONCURRENCY",
        "2",
        "Number of web server (granian) worker processes started by `wiredesk run`.",
    ),
    Setting(
        "FETCH_TIMEOUT",
        "20",
        "Seconds before a feed fetch is abandoned.",
    ),
    Setting(
        "FETCH_MAX_BYTES",
        "20000000",
        "Largest response body, in bytes, accepted from a source.",
    ),
    Setting(
        "FETCH_HOST_DELAY",
        "1",
        "Politeness: the least number of seconds between two requests to one host, "
        "shared by all workers.",
    ),
    Setting(
        "FETCH_ALLOW_PRIVATE",
        "off",
        "Allow fetching from loopback and private addresses for every source. Off by "
        "default (SSRF guard); a single source can be allowed in its own settings.",
    ),
    Setting(
        "SCHEDULER_TICK",
        "5",
        "Seconds between two checks of the scheduler for due periodic jobs.",
    ),
    Setting(
        "SITE_URL",
        "http://localhost:8000",
        "The public address of the site, without a trailing slash: the base of "
        "absolute links in feeds, sitemaps, structured data and newsletter mails.",
    ),
    Setting(
        "SITE_LANGUAGE",
        "en",
        "Language of the site's articles (ISO 639), for the Google News sitemap, "
        "feeds, the pages' lang attribute and search's word rules (stemming); "
        "after changing it run `wiredesk searchindex rebuild`.",
    ),
    Setting(
        "CACHE_SECONDS",
        "300",
        "How long anonymous pages may be held by wiredesk's page cache and by a CDN "
        "or nginx (s-maxage); publishing, updating or unpublishing purges at once.",
    ),
    Setting(
        "STANDFIRST_WORDS",
        "60",
        "Longest standfirst (the summary paragraph on top of an article), in words.",
    ),
    Setting(
        "DRAFTING_BACKEND",
        "default",
        "How headlines and standfirsts are drafted: 'default' (offline, "
        "deterministic) or 'openai' (any OpenAI-compatible endpoint, checked against "
        "the source, falling back to the default).",
    ),
    Setting(
        "OPENAI_BASE_URL",
        "(unset)",
        "Base URL of the OpenAI-compatible API for DRAFTING_BACKEND=openai, e.g. "
        "http://127.0.0.1:8080/v1 for a local model server.",
    ),
    Setting("OPENAI_MODEL", "(unset)", "Model name sent to OPENAI_BASE_URL."),
    Setting(
        "OPENAI_API_KEY",
        "(unset)",
        "Bearer key for OPENAI_BASE_URL, when the endpoint needs one.",
    ),
    Setting(
        "OPENAI_TIMEOUT",
        "20",
        "Seconds before a rewriting request is abandoned (the default draft is kept).",
    ),
    Setting(
        "KILL_POLICY",
        "flag",
        "What a kill of the only source of a published article does: 'flag' (top "
        "priority in the desk queue) or 'unpublish' (taken down at once and logged).",
    ),
    Setting(
        "SESSION_HOURS",
        "12",
        "Hours after which a desk login expires.",
    ),
    Setting(
        "EMAIL_URL",
        "smtp://127.0.0.1:1025",
        "Outgoing mail server as a URL: smtp://[user:password@]host:port, or "
        "smtp+tls:// / smtps:// for STARTTLS / implicit TLS.",
    ),
    Setting(
        "DEFAULT_FROM_EMAIL",
        "wiredesk <newsletter@localhost>",
        "Sender address of newsletter and confirmation mails.",
    ),
    Setting(
        "DESK_EMAIL",
        "(unset)",
        "Where reader feedback is mailed as well as stored; unset: stored only.",
    ),
    Setting(
        "NEWSLETTER_HARD_BOUNCES",
        "3",
        "Hard bounces after which an address receives no more mail.",
    ),
    Setting(
        "TRENDING_HALF_LIFE",
        "6",
        "Hours after which a page view counts half as much in the TRENDING score.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_TRUE = {"1", "true", "yes", "on"}


def env(name: str) -> str | None:
    """The environment value of a declared setting, or None when unset or empty."""
    if name not in _BY_NAME:
        raise KeyError(f"{name} is not a declared wiredesk setting (see conf.SETTINGS)")
    value = os.environ.get(name, "").strip()
    return value or None


def env_str(name: str) -> str:
    """The value of a setting whose documented default is a literal string."""
    return env(name) or _BY_NAME[name].default


def env_bool(name: str) -> bool:
    return (env(name) or _BY_NAME[name].default).lower() in _TRUE


def env_int(name: str) -> int:
    raw = env_str(name)
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


def env_float(name: str) -> float:
    raw = env_str(name)
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def email_settings(url: str) -> dict[str, object]:
    """Django's EMAIL_* settings from EMAIL_URL (smtp://, smtp+tls://, smtps://)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    # scheme → (STARTTLS, implicit TLS)
    schemes = {
        "smtp": (False, False),
        "smtp+tls": (True, False),
        "smtps": (False, True),
    }
    if parts.scheme not in schemes or not parts.hostname:
        raise ValueError(
            f"EMAIL_URL must look like smtp://[user:password@]host:port "
            f"(or smtp+tls://, smtps://), got scheme {parts.scheme!r}"
        )
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"EMAIL_URL has a bad port: {exc}") from exc
    use_tls, use_ssl = schemes[parts.scheme]
    return {
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


def home() -> Path:
    """WIREDESK_HOME, created on first use."""
    path = Path(os.path.expanduser(env_str("WIREDESK_HOME")))
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(home_dir: Path) -> str:
    """SECRET_KEY from the environment, else the one kept under WIREDESK_HOME."""
    given = env("SECRET_KEY")
    if given:
        return given
    key_file = home_dir / "secret_key"
    if not key_file.exists():
        # Written aside and linked into place, so processes starting together (web,
        # worker, scheduler) all end up with the same complete key.
        tmp = home_dir / f".secret_key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
        try:
            os.link(tmp, key_file)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return key_file.read_text().strip()
