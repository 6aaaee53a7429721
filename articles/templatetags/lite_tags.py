"""Addresses in the lite edition (templates/lite/)."""

from django import template

from articles.lite.body import lite_url as lite_url_of

register = template.Library()


@register.filter
def lite_url(page) -> str:
    """The lite page of a section or story (anything with `get_absolute_url`)."""
    return lite_url_of(page.get_absolute_url())
