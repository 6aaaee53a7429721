"""What every API request passes through, around the endpoint itself:

- an optional partner key (`api.keys`): a wrong one is refused with 401, not treated
  as no key;
- a rate limit (django-ratelimit, counting in the shared `ratelimit` cache): per
  client address without a key (`API_RATE_ANONYMOUS`), per key with one
  (`API_RATE_PARTNER`); over it, 429 with `Retry-After`;
- caching headers on successful reads: a strong `ETag` (a hash of the body),
  `If-None-Match` answered with 304, `Cache-Control: public, max-age=API_CACHE_SECONDS`,
  cut short before a scheduled story goes live (no cache keeps a list it belongs on).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django_ratelimit.core import get_usage

from api.keys import InvalidKey, key_for
from articles.selectors import seconds_until_next_publish


def guarded(view):
    @wraps(view)
    def guarded_view(request, *args, **kwargs):
        try:
            api_key = key_for(request)
        except InvalidKey:
            response = error(401, "Unknown or inactive API key.")
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        usage = _usage(request, api_key)
        if usage is not None and usage["should_limit"]:
            response = error(429, "Too many requests. Try again after Retry-After seconds.")
            # The counter's window ends in time_left seconds (-1 if the cache failed).
            response["Retry-After"] = str(max(usage["time_left"], 1))
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            return _cacheable(request, response)
        return response

    return guarded_view


def error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _usage(request, api_key):
    if api_key is None:
        return get_usage(
            request,
            group="api.anonymous",
            key="ip",
            rate=settings.API_RATE_ANONYMOUS,
            increment=True,
        )
    return get_usage(
        request,
        group="api.partner",
        key=lambda group, request: str(api_key.pk),
        rate=settings.API_RATE_PARTNER,
        increment=True,
    )


def _cacheable(request, response: HttpResponse) -> HttpResponse:
    etag = f'"{hashlib.sha256(response.content).hexdigest()}"'
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    if etag in wanted or "*" in wanted:
        response = HttpResponseNotModified()
    response["ETag"] = etag
    max_age = seconds_until_next_publish(settings.API_CACHE_SECONDS)
    patch_cache_control(response, public=True, max_age=max_age)
    return response
