"""Reader-facing search: the results page and the live-search suggest endpoint."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from articles import search
from articles.models import Article
from sections.models import Section

RESULTS_PER_PAGE = 20
SUGGESTIONS = 5
SUGGEST_MIN_CHARS = 2
SUGGEST_CACHE_SECONDS = 60


# Our own words for what a reader can get wrong: Django's have no Burmese.
DATE_ERRORS = {"invalid": _("Enter a date as year-month-day, like 2026-12-05.")}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    section = forms.ChoiceField(
        label=_("Section"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the sections listed.")},
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Most relevant")), ("newest", _("Newest first"))],
        error_messages={"invalid_choice": _("Choose one of the orders listed.")},
    )

    def __init__(self, *args, tree, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree
        sections = sorted(tree.by_path.values(), key=lambda section: section.path)
        self.fields["section"].choices = [("", _("All sections"))] + [
            (section.path, str(section)) for section in sections
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def filter(self, queryset):
        """Apply the section and date filters to `queryset`."""
        data = self.cleaned_data
        if data.get("section"):
            queryset = queryset.in_section(self.tree.by_path[data["section"]])
        if data.get("since"):
            queryset = queryset.filter(publish_at__gte=start_of(data["since"]))
        if data.get("until"):
            queryset = queryset.filter(publish_at__lt=start_of(data["until"] + timedelta(days=1)))
        return queryset


def start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_page(request):
    """/search/?q=…: the edition's stories, ranked, highlighted, filterable, paginated.

    Anything wrong with the query string (too long, unknown section, bad dates) gets
    the same page with the form's messages and status 400.
    """
    data = None
    if request.GET:
        data = request.GET.copy()
        data["q"] = search.strip_nul(data.get("q", ""))  # a stray NUL is noise, not an error
    form = SearchForm(data, tree=Section.objects.tree())
    context = {"form": form, "query": "", "page_obj": None}
    if not form.is_bound:
        return render(request, "articles/search.html", context)
    if not form.is_valid():
        return render(request, "articles/search.html", context, status=400)
    query = form.cleaned_data["q"]
    parsed = search.parse_query(query)
    context["query"] = query
    if not parsed:
        return render(request, "articles/search.html", context)
    candidates = form.filter(Article.objects.published().in_edition()).as_cards(with_body=True)
    with search.planner_hints():
        results = search.search_articles(
            candidates,
            parsed,
            newest_first=form.cleaned_data["sort"] == "newest",
        )
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        page_obj.object_list = list(page_obj.object_list)
    pattern = search.highlight_pattern(parsed)
    for article in page_obj.object_list:
        article.highlighted_headline = search.highlight(article.headline, pattern)
        article.snippet = search.snippet(article, pattern)
    context["page_obj"] = page_obj
    return render(request, "articles/search.html", context)


@require_GET
def suggest(request):
    """Top matches in the edition as JSON for the live-search dropdown; the last word
    may be partial."""
    query = search.strip_nul(request.GET.get("q", "")).strip()
    if len(query) > search.MAX_QUERY_LENGTH:
        return JsonResponse({"error": "query too long"}, status=400)
    parsed = search.parse_query(query)
    articles = []
    if parsed and len(query) >= SUGGEST_MIN_CHARS:
        published = Article.objects.published().in_edition().as_links()
        with search.planner_hints():
            matches = search.search_articles(published, parsed, prefix_last=True)
            articles = list(matches[:SUGGESTIONS])
            if not articles:  # "electio" is past its stem (elect): try the stems too.
                matches = search.search_articles(
                    published, parsed, prefix_last=True, guess_stems=True
                )
                articles = list(matches[:SUGGESTIONS])
    response = JsonResponse(
        {
            "query": query,
            "results": [suggestion(article) for article in articles],
            "all_url": f"{reverse('articles:search')}?{urlencode({'q': query})}",
        }
    )
    patch_cache_control(response, public=True, max_age=SUGGEST_CACHE_SECONDS)
    return response


def suggestion(article: Article) -> dict:
    image = article.featured_image
    return {
        "headline": article.headline,
        "url": article.get_absolute_url(),
        "date": timezone.localtime(article.publish_at).isoformat(),
        "date_display": date_format(timezone.localtime(article.publish_at), "DATE_FORMAT"),
        "section": article.primary_section.local_name,
        "image": image.rendition_url(320) if image else None,
        "image_alt": image.alt_text if image else "",
    }
