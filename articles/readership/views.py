"""The view beacon: `POST /views/<id>/` from the page's script answers 204, and the
`<noscript>` pixel `GET /views/<id>/` answers a 1×1 GIF. Both count one view.

The request body is never read (a beacon needs none, and junk or huge bodies must not
matter), the answer is the same whether or not the view was counted, and nothing here
sets a cookie or varies by reader.
"""

import base64

from django.http import HttpResponse, HttpResponseNotFound
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.models import Article
from articles.readership import counting, services
from newsroom.clients import client_address

TRANSPARENT_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@csrf_exempt  # Cached pages carry no per-reader token; a beacon changes nothing of value.
@never_cache
@require_http_methods(["GET", "POST"])
def view_beacon(request, article_id: int):
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if counting.is_bot(user_agent) or counting.is_speculative(request):
        known = counting.is_countable_article(article_id)
    else:
        visitor, earlier_visitor = counting.visitor_ids(
            address=client_address(request), user_agent=user_agent, now=timezone.now()
        )
        try:
            services.record_view(
                article_id=article_id, visitor=visitor, earlier_visitor=earlier_visitor
            )
            known = True
        except Article.DoesNotExist:
            known = False
    if not known:
        # A bare 404: a beacon needs no HTML error page (and its menus' queries).
        return HttpResponseNotFound(content_type="text/plain")
    if request.method == "GET":
        return HttpResponse(TRANSPARENT_GIF, content_type="image/gif")
    return HttpResponse(status=204)
