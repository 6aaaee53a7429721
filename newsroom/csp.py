"""Our Content-Security-Policy: the admin's one relaxation, a view's own addition
(the lite edition's inline stylesheet, allowed by its hash), and where browsers
report what the policy blocked (its `report-uri`).

The policy itself is `CONTENT_SECURITY_POLICY` in settings. CKEditor 5 sets `style`
attributes on the elements it draws (the editor runs in the admin only), which
`style-src 'self'` forbids, so admin pages allow inline style *attributes*
(`style-src-attr 'unsafe-inline'`): no inline `<style>` element, and no inline script
anywhere. Readers' pages keep the whole policy.

A report says a page of ours tried to load or run something the policy forbids: a
template or script that needs fixing, a browser extension, or an injection attempt.
Anyone can post here, so the endpoint trusts nothing it is sent: a report larger than
`CSP_REPORT_MAX_BYTES` is refused unread, each client may send `CSP_REPORT_RATE`
(counted under a hashed key that expires, like the sign-up limit), and only the
policy's own words are logged — which directive, what was blocked (an origin or a
keyword such as `inline`, never a full URL) and which of our views (by URL name, so
no preview or newsletter token, query string or reader address reaches the log).
"""

import json
import logging
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

logger = logging.getLogger("newsroom.csp")

# Longest value logged from a report field; real ones are far shorter.
FIELD_LIMIT = 200


ADMIN_UPDATE = {"style-src-attr": ["'unsafe-inline'"]}


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with `ADMIN_UPDATE` added to the policy of admin pages,
    and a view's own addition (its `csp_policy_update` attribute, e.g. the hash of
    the lite edition's inline stylesheet) to the policy of its pages.

    The view is found from the address, not from the response: a page served from
    the whole-page cache never ran its view, and needs the same policy.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.update is None and request.path_info.startswith(reverse("admin:index")):
            parts.update = ADMIN_UPDATE
        elif parts.update is None:
            parts.update = _view_policy_update(request)
        return parts


def _view_policy_update(request) -> dict | None:
    """The `csp_policy_update` of the view at the request's address, if it has one."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except (Resolver404, ValueError):
            return None
    return getattr(match.func, "csp_policy_update", None)


def _blocked(uri: str) -> str:
    """The origin of a blocked address, or the keyword a browser sends instead
    (`inline`, `eval`, `data`, …)."""
    parts = urlsplit(uri)
    if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return (parts.scheme or uri)[:FIELD_LIMIT]


def _view_name(document_uri: str) -> str:
    try:
        return resolve(urlsplit(document_uri).path).view_name
    except (Resolver404, ValueError):
        return "-"


@csrf_exempt  # Browsers post reports without a token; nothing here changes state.
@require_POST
def csp_report(request):
    """Log one violation report (`application/csp-report`); answer 204."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponseBadRequest("Bad Content-Length.")
    if declared > settings.CSP_REPORT_MAX_BYTES:
        return HttpResponse("Report too large.", status=413, content_type="text/plain")
    usage = get_usage(
        request,
        group="newsroom.csp_report",
        key="ip",
        rate=settings.CSP_REPORT_RATE,
        method="POST",
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        return HttpResponse("Too many reports.", status=429, content_type="text/plain")
    body = request.read(settings.CSP_REPORT_MAX_BYTES + 1)
    if len(body) > settings.CSP_REPORT_MAX_BYTES:
        return HttpResponse("Report too large.", status=413, content_type="text/plain")
    try:
        report = json.loads(body)["csp-report"]
        directive = str(report.get("effective-directive") or report["violated-directive"])
        blocked = str(report.get("blocked-uri", ""))
        document = str(report.get("document-uri", ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        return HttpResponseBadRequest("Not a CSP report.")
    logger.warning(
        "CSP blocked %r under %r on %r",
        _blocked(blocked),
        directive[:FIELD_LIMIT],
        _view_name(document),
    )
    return HttpResponse(status=204)
