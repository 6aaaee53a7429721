"""Menus, breadcrumbs and footer links, read from the cached section tree."""

from django import template
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.core.cache import cache

from sections.models import Section
from sections.signals import FOOTER_PAGES_CACHE_KEY

register = template.Library()

FOOTER_PAGES_CACHE_SECONDS = 60 * 60  # editors' changes clear it (sections/signals.py)


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """The two-level header menu; the current section is marked for readers."""
    current = context.get("section")
    return {"menu": Section.objects.tree().menu(), "current_path": current.path if current else ""}


@register.inclusion_tag("tags/footer_contents.html")
def footer_contents():
    """The section index ("Contents") in the footer."""
    return {"groups": Section.objects.tree().footer()}


@register.inclusion_tag("tags/footer_pages.html")
def footer_pages():
    """Links to the static pages editors keep in Flat pages (one cached query)."""
    pages = cache.get(FOOTER_PAGES_CACHE_KEY)
    if pages is None:
        pages = list(
            FlatPage.objects.filter(sites=settings.SITE_ID, registration_required=False)
            .order_by("pk")
            .values("url", "title")
        )
        cache.set(FOOTER_PAGES_CACHE_KEY, pages, FOOTER_PAGES_CACHE_SECONDS)
    return {"pages": pages}


@register.inclusion_tag("tags/breadcrumbs.html")
def breadcrumbs(section, is_current=False):
    """Home › ancestors › section (as far as readers can reach); `is_current` when
    the page is the section itself."""
    return {
        "trail": Section.objects.tree().trail(section),
        "is_current": is_current,
    }
