"""Reader-facing search: the results page and the live-search suggest endpoint."""

from django.db.models import Q
from django.shortcuts import render

from articles.models import Article


def search(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    results = Article.objects.none()
    if query:
        results = (
            Article.objects.published()
            .filter(Q(headline__icontains=query) | Q(standfirst__icontains=query))
            .for_cards()
            .newest_first()[:20]
        )
    return render(request, "articles/search.html", {"query": query, "results": results})
