"""Request guards that belong in front of every view and fallback middleware, and
the one security header Django and django-csp do not send."""

from django.conf import settings
from django.http import Http404


def reject_nul_in_path(get_response):
    """Answer 404 for a path with a NUL byte before anything looks it up.

    No URL of ours contains one, and PostgreSQL refuses NUL in a query, so the slug
    lookups and the flat page and redirect fallbacks (which query every 404's path)
    would otherwise fail with a 500.
    """

    def middleware(request):
        if "\x00" in request.path:
            raise Http404("No page has a NUL byte in its address.")
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    """Send `PERMISSIONS_POLICY` on every response: browser features no page of ours
    uses (camera, microphone, location …) stay off, for our pages and their frames.
    Django's SecurityMiddleware and django-csp send the other security headers."""
    policy = settings.PERMISSIONS_POLICY

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", policy)
        return response

    return middleware
