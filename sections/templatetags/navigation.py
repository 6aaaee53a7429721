"""Menus, breadcrumbs and footer links, read from the cached section tree."""

from django import template
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from newsroom.replica import reads_from_primary
from sections.models import Section
from sections.signals import FOOTER_PAGES_CACHE_KEY

register = template.Library()

FOOTER_PAGES_CACHE_SECONDS = 60 * 60  # editors' changes clear it (sections/signals.py)


# Menus rendered from one build of the tree, in this process: every page shows the
# same ones, and a changed tree is a new build with a new token.
_rendered_menus: dict[tuple, str] = {}
RENDERED_MENUS_KEPT = 64


def _rendered_once(tree, template_name: str, context: dict, *variant) -> str:
    key = (tree.token, template_name, get_language(), get_script_prefix(), *variant)
    html = _rendered_menus.get(key)
    if html is None:
        if len(_rendered_menus) >= RENDERED_MENUS_KEPT:
            _rendered_menus.clear()
        html = _rendered_menus[key] = mark_safe(get_template(template_name).render(context))
    return html


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The two-level header menu; the current section is marked for readers."""
    current = context.get("section")
    current_path = current.path if current else ""
    tree = Section.objects.tree()
    return _rendered_once(
        tree,
        "tags/main_menu.html",
        {"menu": tree.menu(), "current_path": current_path},
        current_path,
    )


@register.simple_tag
def footer_contents():
    """The section index ("Contents") in the footer."""
    tree = Section.objects.tree()
    return _rendered_once(tree, "tags/footer_contents.html", {"groups": tree.footer()})


@register.inclusion_tag("tags/footer_pages.html")
def footer_pages():
    """Links to the static pages editors keep in Flat pages (one cached query)."""
    pages = cache.get(FOOTER_PAGES_CACHE_KEY)
    if pages is None:
        with reads_from_primary():
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
