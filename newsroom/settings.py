"""Settings for Newsroom, read from the environment.

Nothing set means a safe development setup: SQLite, local-memory cache and e-mail
printed to the console. Production sets `DEBUG=false`, `SECRET_KEY`, `ALLOWED_HOSTS`,
`DATABASE_URL`, `REDIS_URL` and the `EMAIL_*` variables.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from articles.content.embed_providers import checked_allowlist, ckeditor_providers
from newsroom.object_storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin with the two-factor login as `admin.site` (newsroom/staff/).
    "newsroom.staff.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "taggit",
    "django_ckeditor_5",
    "django_tasks",
    "django_tasks_db",
    "reversion",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "newsroom",
    "sections",
    "articles",
    "newsletter",
    "api",
    "anymail",
    "allauth",
    "allauth.account",
    "accounts",
    "comments",
]

MIDDLEWARE = [
    # First: every later step (the page cache's lookup, the CSP chosen for the URL)
    # runs in the address's edition, not in the one the process served last.
    "newsroom.editions.EditionLocaleMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.csp.PolicyMiddleware",
    "newsroom.middleware.permissions_policy",
    "newsroom.middleware.reject_nul_in_path",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and users: a kept page is served without them.
    "articles.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsroom.staff.middleware.staff_two_factor",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # 404 fallbacks, asked bottom-up: an article's old URL, an editor's redirect, a
    # flat page (why two redirect systems: articles/seo/redirects.py).
    "articles.page_cache.PublicFlatpageFallbackMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    "articles.seo.middleware.ArticleRedirectFallbackMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "accounts.readers.reader",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions + a busy timeout let concurrent writers (view
    # beacons, editors) queue instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
# A PostgreSQL streaming replica (optional): anonymous readers' pages read from it,
# everything else from the primary (newsroom/replica.py; docs/deploy.md, section 14).
# Tests read their own database through it (a mirror of default).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
# After any content change, readers read from the primary this long, in every process:
# set it above the replica's worst replay lag (docs/deploy.md, section 14).
DATABASE_REPLICA_GRACE_SECONDS = env_int("DATABASE_REPLICA_GRACE_SECONDS", 5)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if {DATABASES["default"]["ENGINE"], DATABASES["replica"]["ENGINE"]} != {
        "django.db.backends.postgresql"
    }:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL is a streaming replica of DATABASE_URL's database: "
            "both must be postgres:// URLs."
        )
    # A replica that does not answer costs a reader's request this long before it
    # reads from the primary instead (`?connect_timeout=` in the URL changes it).
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.replica.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "newsroom.replica.ReplicaReadsMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# What every process must agree on at once (the articles' content version: see
# articles/caching.py) lives where they all see it: Redis, else a database table
# (created by an articles migration). Local memory is one process's alone.
CACHES["shared"] = (
    {**CACHES["default"], "KEY_PREFIX": "shared"}
    if REDIS_URL
    else {
        # Django's database cache, adding a key in one statement (newsroom/cache.py).
        "BACKEND": "newsroom.cache.OneStatementAddDatabaseCache",
        "LOCATION": "newsroom_shared_cache",
    }
)

# Rate limits (django-ratelimit) must count across every process and machine, so they
# never use LocMem: Redis when there is one (atomic INCR), else a database cache table
# (created by a newsletter migration). The database cache increments by get-then-set,
# so a burst of simultaneous requests may undercount by a few; that is acceptable for a
# flood limit, hence the silenced "not atomic" check below.
CACHES["ratelimit"] = (
    {**CACHES["default"], "KEY_PREFIX": "ratelimit"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ratelimit_cache",
    }
)
RATELIMIT_USE_CACHE = "ratelimit"
# Clients are told apart by the one rule in newsroom/clients.py (see CLIENT_IP_HEADER).
RATELIMIT_IP_META_KEY = "newsroom.clients.client_address"
SILENCED_SYSTEM_CHECKS = [
    "django_ratelimit.E003",
    "django_ratelimit.W001",
    # "HSTS preload is off": joining browsers' preload lists is the publisher's choice
    # (SECURE_HSTS_PRELOAD=true), as leaving one takes months; see Security below.
    "security.W021",
]

# --- Client address ---------------------------------------------------------
# Behind reverse proxies, the header holding the client address (e.g. X-Forwarded-For)
# and how many proxies of ours append to it; empty means REMOTE_ADDR. The sign-up rate
# limit and view counting both use it (newsroom/clients.py).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
TRUSTED_PROXY_COUNT = max(1, env_int("TRUSTED_PROXY_COUNT", 1))

# --- Auth -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
# One edition per language (newsroom/editions.py); the default one at the root.
LANGUAGES = [("en", "English"), ("my", "Burmese")]
# The site's own words in Burmese: locale/my/LC_MESSAGES/django.po, compiled to .mo by
# `manage.py compile_translations` (pure Python: no gettext tools needed).
LOCALE_PATHS = [BASE_DIR / "locale"]
# Burmese dates ("5 ဒီဇင်ဘာ 2026"): newsroom/formats/my/formats.py. Myanmar digits are
# put in where readers see numbers by the `local_digits` filter (newsroom.text).
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Yangon")
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads in an S3-compatible bucket instead of MEDIA_ROOT (newsroom/object_storage.py,
# docs/deploy.md): MEDIA_S3_BUCKET, with MEDIA_S3_ENDPOINT_URL for anything but AWS,
# MEDIA_S3_REGION, MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY. MEDIA_URL,
# if set, is the public address readers fetch uploads from (a CDN, a custom domain).
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"], MEDIA_URL = s3_storage(os.environ)

# Uploaded images: refuse anything larger than this many bytes or pixels.
IMAGE_MAX_UPLOAD_BYTES = env_int("IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
IMAGE_RENDITION_WIDTHS = (320, 640, 960, 1280)
# E-mail images: the digest shows them at most 544 px wide; 640 keeps mail light on
# slow and metered connections.
IMAGE_EMAIL_WIDTH = 640

# --- E-mail -----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsroom <newsletter@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background tasks -------------------------------------------------------
# Work done after the answer (the sign-up's confirmation e-mail) is stored as a row in
# the database and run by `manage.py db_worker`: no broker. `make run` starts a worker
# beside runserver; production runs one under systemd beside gunicorn (README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Newsletter -------------------------------------------------------------
NEWSLETTER_DEFAULT_SLUG = os.environ.get("NEWSLETTER_DEFAULT_SLUG", "daily-briefing")
# Sign-up POSTs allowed per client address (django-ratelimit rate syntax).
NEWSLETTER_SIGNUP_RATE = os.environ.get("NEWSLETTER_SIGNUP_RATE", "10/h")
# At most one confirmation e-mail per address in this many seconds.
NEWSLETTER_CONFIRMATION_RESEND_SECONDS = env_int("NEWSLETTER_CONFIRMATION_RESEND_SECONDS", 900)
NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS = 7
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 200)
# Parallel senders in `send_newsletter` (threads, each with its own SMTP connection).
NEWSLETTER_WORKERS = env_int("NEWSLETTER_WORKERS", 4)
NEWSLETTER_MAX_ARTICLES = env_int("NEWSLETTER_MAX_ARTICLES", 20)
# Claims older than this belong to a sender that died: the rows go back to the queue.
NEWSLETTER_CLAIM_TIMEOUT_SECONDS = env_int("NEWSLETTER_CLAIM_TIMEOUT_SECONDS", 600)
# Optional mailbox for `mailto:` unsubscribes in List-Unsubscribe (RFC 2369), beside the
# one-click link. Empty: the header offers the link only.
NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
# The address newsletters come from (each newsletter names its sender); empty: the
# address of DEFAULT_FROM_EMAIL.
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", "")
# Open and click tracking (pixels, rewritten links) by the e-mail service. Off: readers
# in Myanmar are watched. Off also tells the service so, whatever its account default.
NEWSLETTER_TRACKING = env_bool("NEWSLETTER_TRACKING", False)
# A recipient's server that answers "try later" (SMTP 4xx) gets the message again after
# NEWSLETTER_SOFT_BOUNCE_RETRY_SECONDS, doubling each time, NEWSLETTER_SOFT_BOUNCE_RETRIES
# times; an address that soft-bounces NEWSLETTER_SOFT_BOUNCE_LIMIT issues in a row is
# suppressed like a hard bounce.
NEWSLETTER_SOFT_BOUNCE_RETRIES = env_int("NEWSLETTER_SOFT_BOUNCE_RETRIES", 3)
NEWSLETTER_SOFT_BOUNCE_RETRY_SECONDS = env_int("NEWSLETTER_SOFT_BOUNCE_RETRY_SECONDS", 900)
NEWSLETTER_SOFT_BOUNCE_LIMIT = env_int("NEWSLETTER_SOFT_BOUNCE_LIMIT", 3)
# Mailgun webhook posts signed longer ago than this are refused as replays (9 hours:
# Mailgun retries a post it could not deliver for up to 8).
NEWSLETTER_WEBHOOK_MAX_AGE_SECONDS = env_int("NEWSLETTER_WEBHOOK_MAX_AGE_SECONDS", 9 * 3600)

# django-anymail: an e-mail service instead of SMTP. Set EMAIL_BACKEND to the service's
# backend (e.g. anymail.backends.mailgun.EmailBackend) and its settings as ANYMAIL_*
# variables (ANYMAIL_MAILGUN_API_KEY, ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY,
# ANYMAIL_WEBHOOK_SECRET=user:password …): each becomes ANYMAIL["MAILGUN_API_KEY"] ….
# Webhooks: /anymail/<service>/tracking/ (docs/deploy.md).
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_") and value
}

# --- Site identity ----------------------------------------------------------
SITE_NAME = os.environ.get("SITE_NAME", "The Newsroom")
SITE_TAGLINE = os.environ.get("SITE_TAGLINE", "Independent news from Myanmar and the region")
# The one absolute address of the site, for every link that leaves the request
# (e-mails, feeds, sitemaps, robots.txt). Production sets it; in development it is
# where `make run` serves (HOST and PORT, as `PORT=8010 make run` passes them).
SITE_URL = os.environ.get(
    "SITE_URL",
    f"http://{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}",
).rstrip("/")
# Feeds carry the full article body when on, only the standfirst when off.
FEEDS_FULL_TEXT = env_bool("FEEDS_FULL_TEXT", False)
# How long an editor's signed preview link works (seconds).
ARTICLE_PREVIEW_MAX_AGE = env_int("ARTICLE_PREVIEW_MAX_AGE", 3 * 24 * 60 * 60)
# Publisher logo for JSON-LD (static path; Google asks for at most 600×60 pixels).
SITE_LOGO = os.environ.get("SITE_LOGO", "img/publisher-logo.png")
# The privacy page (a flat page editors keep), linked from the cookie notice.
PRIVACY_PAGE_URL = os.environ.get("PRIVACY_PAGE_URL", "/privacy-policy/")
# Cookies the site sets that are not essential to what a reader asked for (analytics,
# preferences): none today. While any is named here every reader sees the cookie
# notice (templates/includes/cookie_notice.html); signed-in readers always do.
NON_ESSENTIAL_COOKIES: list[str] = []

# --- View counts ------------------------------------------------------------
# Repeated loads of one article by one visitor within this many seconds count once
# (0 counts every load).
VIEW_DEDUP_WINDOW_SECONDS = env_int("VIEW_DEDUP_WINDOW_SECONDS", 30 * 60)
# Redis keys for live view counters (when REDIS_URL is set) start with this.
VIEW_REDIS_KEY_PREFIX = os.environ.get("VIEW_REDIS_KEY_PREFIX", "newsroom:")
# "Most read": views over this many days, kept in the cache this many seconds.
MOST_READ_DAYS = env_int("MOST_READ_DAYS", 7)
MOST_READ_CACHE_SECONDS = env_int("MOST_READ_CACHE_SECONDS", 300)

# --- Whole-page cache (README: The page cache) -------------------------------
# Anonymous readers' pages are kept whole this many seconds (0: not kept), in the
# default cache, and dropped at once by any editor's change (articles/page_cache.py).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# What the pages tell nginx or a CDN (`s-maxage`, `stale-while-revalidate`): a shared
# cache in front shows a change after at most this long. Browsers always revalidate.
PAGE_CACHE_SHARED_SECONDS = env_int("PAGE_CACHE_SHARED_SECONDS", 10)
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 30)

# --- Reader accounts (django-allauth; accounts/, README: Reader accounts) -----
# Readers sign up with an e-mail address, a display name and a password, and sign in
# with the address once it is confirmed (so before they can comment). Answers never
# tell whether an address has an account (allauth's enumeration prevention). Staff and
# readers are kept apart by the adapter: readers are never staff, and staff accounts
# cannot sign in or reset a password through the readers' pages.
ACCOUNT_ADAPTER = "accounts.adapter.ReaderAccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.ReaderSignupForm"}
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "accounts.tokens.ReaderPasswordResetTokenGenerator"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# One address per reader, changed by confirming the new one.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# Throttles, counted in the default cache (Redis when REDIS_URL is set, so every
# process shares them): failed sign-ins per address and per account, sign-ups and
# reset requests per address (allauth's rate syntax: count/period/key).
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("ACCOUNT_LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
    "signup": os.environ.get("ACCOUNT_SIGNUP_RATE", "20/m/ip"),
    "reset_password": os.environ.get("ACCOUNT_RESET_PASSWORD_RATE", "20/m/ip,5/m/key"),
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# --- Comments (comments/) -----------------------------------------------------
# Stories stop taking comments this many days after publication (0: never).
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)
# Readers with this many approved comments skip the queue (0: every comment waits).
COMMENTS_TRUSTED_AFTER = env_int("COMMENTS_TRUSTED_AFTER", 0)
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 3000)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
# Comment POSTs allowed per reader and per client address (django-ratelimit syntax).
COMMENTS_RATE_PER_READER = os.environ.get("COMMENTS_RATE_PER_READER", "5/10m")
COMMENTS_RATE_PER_ADDRESS = os.environ.get("COMMENTS_RATE_PER_ADDRESS", "20/h")

# --- Read API (/api/v1/: api/) ----------------------------------------------------
# Requests allowed per client address without a key, and per partner key
# (django-ratelimit rate syntax).
API_RATE_ANONYMOUS = os.environ.get("API_RATE_ANONYMOUS", "60/m")
API_RATE_PARTNER = os.environ.get("API_RATE_PARTNER", "600/m")
# How long browsers and shared caches may keep an API answer (Cache-Control max-age).
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 10)

# --- Staff accounts (README: Staff accounts) --------------------------------
# django-axes counts failed logins in the database (shared by every process) and
# refuses a username from an address after AXES_FAILURE_LIMIT of them, for
# AXES_COOLOFF_MINUTES; another address, or another username, is not locked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Readers sign in with their e-mail address (accounts/).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "newsroom.clients.client_address"
# Only admin logins count and are logged: readers' sign-ins are throttled by allauth
# (accounts/) and leave no address in axes' log (newsroom/staff/lockout.py).
AXES_WHITELIST_CALLABLE = "newsroom.staff.lockout.outside_the_admin"
AXES_HANDLER = "newsroom.staff.lockout.AdminLoginsHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Failed attempts are rows only while they count (deleted on a successful login or
# once the cool-off has passed); the log of successful logins is pruned daily by
# `axes_reset_logs --age 30` (README), and no separate failure log is kept.
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# No "AXES: BEGIN …" banner on every manage.py command and server start.
AXES_VERBOSE = False
# Staff without a second factor go to its set-up page before any admin page.
# Off in development (the demo logins work as printed); recommended on in production.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", False)
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = SITE_NAME

# --- Security ---------------------------------------------------------------
# HTTPS is on when production's one address is https:// (SITE_URL). Then plain HTTP
# is redirected and browsers are told to use HTTPS only (HSTS) for a year, on every
# subdomain; each can be turned down through its variable. Behind a proxy that ends
# TLS, SECURE_PROXY_SSL=true trusts its X-Forwarded-Proto (the proxy must set it,
# overwriting any from the client), or the redirect would loop. HSTS preload lists
# are hard to leave, so joining one is opt-in (SECURE_HSTS_PRELOAD=true).
HTTPS = not DEBUG and SITE_URL.startswith("https://")
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Load balancers probe over plain HTTP: a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie: forms post their hidden token, and the
# admin's scripts (edit lock, CKEditor's upload) read it from the form.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page of ours may be framed, by us or anyone (X-Frame-Options and CSP
# frame-ancestors say the same); the admin's e-mail preview, shown in a frame on the
# issue's page, is the one exception (newsletter/admin.py).
X_FRAME_OPTIONS = "DENY"
# Browser features no page of ours uses, switched off for the page and its frames.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), browsing-topics=()"
)

# Content-Security-Policy (django-csp) on every response: scripts and styles only from
# our own files, nothing inline (admin pages alone allow CKEditor's inline style
# attributes: newsroom/csp.py). Images may also come from MEDIA_URL's host when
# uploads are served from elsewhere (object storage, a CDN). Browsers report what the
# policy blocked to CSP_REPORT_PATH (newsroom/csp.py logs it).
CSP_REPORT_PATH = "/csp-report/"
CSP_REPORT_MAX_BYTES = env_int("CSP_REPORT_MAX_BYTES", 8 * 1024)
CSP_REPORT_RATE = os.environ.get("CSP_REPORT_RATE", "30/m")
_media_origin = "/".join(MEDIA_URL.split("/")[:3]) if "://" in MEDIA_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_media_origin] if _media_origin else [])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "report-uri": [CSP_REPORT_PATH],
    }
}

# --- Embeds (articles/content/embed_providers.py) ----------------------------
# YouTube, Vimeo, Facebook, X, Telegram and SoundCloud links are embedded out of the box.
# EMBED_OEMBED_PROVIDERS (JSON) adds oEmbed providers, e.g.
#   [{"name": "Example Video", "url_patterns": ["https://video\\.example\\.org/v/[0-9]+"],
#     "endpoint": "https://video.example.org/oembed",
#     "frame_origins": ["https://player.example.org"],
#     "thumbnail_origins": ["https://img.example.org"], "kind": "video"}]
# (kind: video, post or audio). Their links are asked about server-side when an editor
# saves a story, never while a reader reads it: the answer's `html` must be one iframe
# on a frame origin, or the link stays a link (docs/deploy.md, "Embeds").
EMBED_OEMBED_PROVIDERS = checked_allowlist(
    json.loads(os.environ.get("EMBED_OEMBED_PROVIDERS", "[]"))
)
# The built-in providers' public oEmbed endpoints (YouTube, Vimeo, X, SoundCloud) give
# a title and a still for the facade. Asking tells the provider, when the story is
# saved, which link it embeds: false keeps unpublished work to ourselves (the facade
# then shows the provider's name and the link only).
EMBED_ASK_BUILT_IN_PROVIDERS = env_bool("EMBED_ASK_BUILT_IN_PROVIDERS", True)
# One request to a provider (the oEmbed answer, or the still copied into the media
# library) gets this long in all, and at most this many bytes.
EMBED_FETCH_TIMEOUT = float(os.environ.get("EMBED_FETCH_TIMEOUT", "3"))
EMBED_OEMBED_MAX_BYTES = env_int("EMBED_OEMBED_MAX_BYTES", 256 * 1024)
EMBED_STILL_MAX_BYTES = env_int("EMBED_STILL_MAX_BYTES", 5 * 1024 * 1024)
# How long browsers and shared caches may keep our frame page around a player.
EMBED_FRAME_CACHE_SECONDS = env_int("EMBED_FRAME_CACHE_SECONDS", 60 * 60)

# --- Rich text (CKEditor 5) -------------------------------------------------
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "articles:editor-upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp"]
CKEDITOR_5_CONFIGS = {
    "article": {
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "link",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "|",
            # No "insertImage": images come through the "Add image" dialog above the
            # editor (static/admin/js/body_images.js), which asks for alt text and can
            # reuse the library; CKEditor's button would upload without alt text (now
            # refused) or hotlink an address from another site.
            "mediaEmbed",
            "insertTable",
            "|",
            "undo",
            "redo",
        ],
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignRight",
                "imageStyle:alignCenter",
                "imageStyle:side",
            ],
            "styles": ["full", "side", "alignLeft", "alignRight", "alignCenter"],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        # A library image keeps its id through the editor (articles/content/body_images.py).
        "htmlSupport": {"allow": [{"name": "img", "attributes": {"data-image-id": True}}]},
        # Links stored as <oembed url>, drawn for readers by articles/content/embeds.py;
        # the editor shows no provider's preview, so editing loads nothing third-party.
        # `providers` replaces CKEditor's own list (which previews in frames).
        "mediaEmbed": {
            "previewsInData": False,
            "providers": [
                # A gallery of the media library (articles/content/galleries.py).
                {"name": "gallery", "url": "/^gallery:\\d+$/"},
                # YouTube, Vimeo, Facebook, X, Telegram, SoundCloud and the allowlist.
                *ckeditor_providers(EMBED_OEMBED_PROVIDERS),
            ],
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Heading 2",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Heading 3",
                    "class": "ck-heading_heading3",
                },
            ]
        },
    },
}
CKEDITOR_5_CONFIGS["default"] = CKEDITOR_5_CONFIGS["article"]

TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
