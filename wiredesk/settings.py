"""Django settings for wiredesk, all read from the environment through wiredesk.conf."""

from __future__ import annotations

import dj_database_url

from wiredesk import conf

HOME = conf.home()
BASE_DIR = HOME

DEBUG = conf.env_bool("DEBUG")
SECRET_KEY = conf.secret_key(HOME)
ALLOWED_HOSTS = [h.strip() for h in conf.env_str("ALLOWED_HOSTS").split(",") if h]

SITE_NAME = conf.env_str("SITE_NAME")
DESK_NAME = conf.env_str("DESK_NAME")
SITE_TIME_ZONE = conf.env_str("SITE_TIME_ZONE")
CREDIT_LINE = conf.env_str("CREDIT_LINE")
STORY_PRIMARY = conf.env_str("STORY_PRIMARY")
STORY_SCORER = conf.env_str("STORY_SCORER")
STORY_REFINE = conf.env_bool("STORY_REFINE")
DATABASE_PREPARED_STATEMENTS = conf.env_bool("DATABASE_PREPARED_STATEMENTS")
WEB_CONCURRENCY = conf.env_int("WEB_CONCURRENCY")
FETCH_TIMEOUT = conf.env_int("FETCH_TIMEOUT")
FETCH_MAX_BYTES = conf.env_int("FETCH_MAX_BYTES")
FETCH_ALLOW_PRIVATE = conf.env_bool("FETCH_ALLOW_PRIVATE")
FETCH_HOST_DELAY = conf.env_float("FETCH_HOST_DELAY")
SCHEDULER_TICK = conf.env_int("SCHEDULER_TICK")
SITE_URL = conf.env_str("SITE_URL").rstrip("/")
SITE_LANGUAGE = conf.env_str("SITE_LANGUAGE")
CACHE_SECONDS = conf.env_int("CACHE_SECONDS")
STANDFIRST_WORDS = conf.env_int("STANDFIRST_WORDS")
DRAFTING_BACKEND = conf.env_str("DRAFTING_BACKEND")
OPENAI_BASE_URL = conf.env("OPENAI_BASE_URL")
OPENAI_MODEL = conf.env("OPENAI_MODEL")
OPENAI_API_KEY = conf.env("OPENAI_API_KEY")
OPENAI_TIMEOUT = conf.env_float("OPENAI_TIMEOUT")
KILL_POLICY = conf.env_str("KILL_POLICY")
SESSION_HOURS = conf.env_int("SESSION_HOURS")
EMAIL_URL = conf.env_str("EMAIL_URL")
_EMAIL = conf.email_settings(EMAIL_URL)
EMAIL_HOST = _EMAIL["EMAIL_HOST"]
EMAIL_PORT = _EMAIL["EMAIL_PORT"]
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _EMAIL["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _EMAIL["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = 30  # a stuck mail server must not hold a worker forever
DEFAULT_FROM_EMAIL = conf.env_str("DEFAULT_FROM_EMAIL")
DESK_EMAIL = conf.env("DESK_EMAIL")
NEWSLETTER_HARD_BOUNCES = conf.env_int("NEWSLETTER_HARD_BOUNCES")
TRENDING_HALF_LIFE = conf.env_float("TRENDING_HALF_LIFE")

# The order is the path of a story: an app may import only from apps listed above it.
WIREDESK_APPS = [
    "wiredesk.taxonomy",
    "wiredesk.ingest",
    "wiredesk.stories",
    "wiredesk.drafting",
    "wiredesk.desk",
    "wiredesk.reader",
    "wiredesk.distribution",
    "wiredesk.audience",
    "wiredesk.demo",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "wiredesk",
    *WIREDESK_APPS,
]

MIDDLEWARE = [
    # Anonymous readers' pages from the cache, before sessions, auth and views run;
    # first, so a stored page keeps every header the others add (security ones too).
    "wiredesk.reader.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wiredesk.middleware.LazyMessageMiddleware",
    # The desk and its admin show and read times in SITE_TIME_ZONE.
    "wiredesk.middleware.DeskTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "wiredesk.urls"
WSGI_APPLICATION = "wiredesk.wsgi.application"

TEMPLATES = [
    # The public pages (each app's jinja2/ folder): see wiredesk/jinja.py for why.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "wiredesk.jinja.environment",
            "context_processors": ["wiredesk.context_processors.site"],
        },
    },
    # The desk, the admin, mail and the small parts the public pages include.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wiredesk.context_processors.site",
            ],
        },
    },
]

_DEFAULT_DB = f"sqlite:///{HOME / 'wiredesk.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(conf.env("DATABASE_URL") or _DEFAULT_DB)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer writes; IMMEDIATE transactions take the
    # write lock up front so that web, worker and scheduler wait for each other
    # (up to the timeout) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # Kept open between requests: opening the file and running the PRAGMAs above
    # cost more than the queries of a whole article page.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a cheaper health check and prepared statements for the
    # article page (wiredesk/backends/postgresql/base.py says how and why).
    DATABASES["default"]["ENGINE"] = "wiredesk.backends.postgresql"
    # Persistent connections, checked before reuse. The check is a "SELECT 1" round
    # trip at the first query of a request, skipped while the connection was
    # checked in the last half second and its socket shows no sign of a close.
    # Kept on deliberately: without it, after a PostgreSQL restart, a failover or
    # an idle connection cut by a pooler or firewall, the first request of every
    # worker fails with a server error.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = conf.env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wiredesk",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Desk accounts: argon2 hashes (older hashes upgrade at the next sign-in), sign-in
# attempts limited per address and username, sessions that end after SESSION_HOURS.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = ["wiredesk.desk.ratelimit.RateLimitedBackend"]
SESSION_COOKIE_AGE = SESSION_HOURS * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Uploads (lead images, author photos) live beside the database, under WIREDESK_HOME.
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the apps' static folders: `wiredesk run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "wiredesk": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
    },
}
