"""gunicorn settings for Newsroom (`gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`).

Every value can be changed from the environment (`/etc/newsroom/env`) without editing
this file; see docs/deploy.md.
"""

import gc
import multiprocessing
import os

# Only nginx talks to gunicorn.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: our views are short and database-bound, so two per core keeps the
# cores busy while some wait on PostgreSQL or Redis. Slow clients are nginx's problem
# (it buffers requests and responses), which is what makes sync workers safe here.
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * multiprocessing.cpu_count())
worker_class = "sync"
# A request taking longer than this is stuck: the worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
keepalive = 5
# Recycle workers now and then, so a slow leak in any library cannot grow for ever
# (not often: a new worker compiles its templates again, which a spike feels);
# the jitter keeps them from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 20000)
max_requests_jitter = max_requests // 10

# Load Django once in the master, then fork: workers share its memory pages and start
# faster, and a broken settings file stops the master instead of every worker.
# `systemctl reload` (HUP) therefore does not load new code; restart after upgrades.
preload_app = True

# Reader addresses are personal data and are not kept: the access log has the time,
# request line, status, size, duration and user agent — no `%(h)s` client address.
# nginx's own access log keeps none either (deploy/nginx/newsroom.conf).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '[%(t)s] "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# nginx on this machine says whether the reader came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = "127.0.0.1"


def when_ready(server):
    """After the app is loaded in the master and before the workers fork, move every
    object alive now out of the collector's view. A collection in a worker would
    otherwise write reference counts into these shared pages and copy them, one by
    one, into each worker's own memory (Instagram's "copy-on-write friendly" trick)."""
    gc.freeze()
