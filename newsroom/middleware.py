"""Request guards that belong in front of every view and fallback middleware."""

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
