"""View counts in templates: the short count ("12.2k") and the view beacon.

`{% view_beacon article %}` renders the same markup for every reader, so a page kept
by any cache still counts: `static/js/site.js` posts to the `data-view-beacon` URL
after load, and readers without JavaScript load the `<noscript>` pixel instead.
"""

from decimal import ROUND_DOWN, Decimal

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()

# (threshold, divisor, translatable suffix); checked from the largest down.
_UNITS = (
    (1_000_000_000, 1_000_000_000, lambda n: gettext("%(number)sB") % {"number": n}),
    (1_000_000, 1_000_000, lambda n: gettext("%(number)sM") % {"number": n}),
    (1_000, 1_000, lambda n: gettext("%(number)sk") % {"number": n}),
)


@register.filter
def short_count(value) -> str:
    """999 → "999", 1,234 → "1.2k", 12,250 → "12.2k", 1,299,999 → "1.2M".

    Rounds down, so a count is never shown larger than it is (999,999 is "999.9k",
    not "1000k"), and drops a trailing ".0" (2,000 → "2k"). The decimal separator
    follows the active locale. Anything that is not a number is returned unchanged.
    """
    try:
        count = int(value)
    except (TypeError, ValueError):
        return value
    for threshold, divisor, label in _UNITS:
        if abs(count) >= threshold:
            short = (Decimal(count) / divisor).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
            places = 0 if short == short.to_integral_value() else 1
            return label(number_format(short, decimal_pos=places))
    return number_format(count)


@register.simple_tag(takes_context=True)
def view_beacon(context, article) -> str:
    """Markup that counts one view of `article` once the page has loaded.

    Nothing on an editor's preview (a page rendered with `is_preview` true): previews
    are never counted.
    """
    if context.get("is_preview"):
        return ""
    url = reverse("articles:view-beacon", kwargs={"article_id": article.pk})
    return format_html(
        '<span hidden data-view-beacon="{}"></span>'
        '<noscript><img class="view-pixel" src="{}" alt="" width="1" height="1"></noscript>',
        url,
        url,
    )
