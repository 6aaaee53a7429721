"""`/healthz`: whether this app server can do its work, for load balancers.

It answers `200 ok`, or `503` naming each part that failed (`database`, `cache`,
`shared cache`) and nothing else: the reason goes to the log, not to whoever asks.
The answer is never cached, and it touches no session, template or view count.
"""

import logging
import uuid
from functools import partial

from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# The caches whose loss breaks pages: "default" (page fragments, lists, view counters
# when REDIS_URL is set) and "shared" (the content version every process must agree
# on). The rate-limit cache is the same Redis, or the database, as these.
CACHE_PARTS = {"cache": "default", "shared cache": "shared"}


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache(alias: str) -> None:
    """Write a key of this probe's own (so probes at once cannot clash), read it back."""
    store = caches[alias]
    key = f"healthz:{uuid.uuid4().hex}"
    store.set(key, "ok", timeout=30)
    try:
        if store.get(key) != "ok":
            raise RuntimeError(f"cache {alias!r} did not return the value just stored")
    finally:
        store.delete(key)


def failed_parts() -> list[str]:
    checks = [("database", check_database)]
    checks += [(part, partial(check_cache, alias)) for part, alias in CACHE_PARTS.items()]
    failed = []
    for part, check in checks:
        try:
            check()
        except Exception:
            logger.exception("Health check: the %s failed", part)
            failed.append(part)
    return failed


@never_cache
@require_GET
def healthz(request):
    failed = failed_parts()
    if failed:
        body = "".join(f"{part}: failed\n" for part in failed)
        return HttpResponse(body, status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
