from django.http import HttpResponsePermanentRedirect

from articles.seo.redirects import redirect_target


class ArticleRedirectFallbackMiddleware:
    """Answer a 404 at an article's old URL with a 301 to where it lives now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        target = redirect_target(request.path)
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
