"""`{{ value|local_digits }}`: a number, date or count in the digits of the page's
edition (Myanmar digits on Burmese pages, 0–9 elsewhere).

Use it on what a reader reads, and on text only: `{% filter local_digits %}` around a
translated count ("{{ count }} comments") is fine, around a link is not (its address
would change). Dates in `datetime=""`, addresses, feeds and JSON-LD keep 0–9.
"""

from django import template
from django.utils.formats import localize

from newsroom.text import local_digits as to_local_digits

register = template.Library()


@register.filter(is_safe=True)
def local_digits(value) -> str:
    """Numbers and dates are formatted as `{{ value }}` would show them first."""
    return to_local_digits(str(localize(value)))
