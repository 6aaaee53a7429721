"""Article widgets and small pieces of article markup.

The sidebar lists are Most Read and Recommended from `articles.selectors`, which
caches their story ids until an editor's change or the next scheduled publish.
"""

from datetime import timedelta
from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from articles import selectors
from newsroom import site
from newsroom.text import MYANMAR_CHAR

register = template.Library()

WIDGET_SIZE = 5
RECENT = timedelta(days=7)


@register.inclusion_tag("tags/sidebar_lists.html", takes_context=True)
def sidebar_lists(context):
    """Most Read (this week) and Recommended, five stories each, in one fetch."""
    most_read, recommended = selectors.sidebar_lists(
        limit=WIDGET_SIZE, request=context.get("request")
    )
    return {"most_read": most_read, "recommended": recommended}


@register.simple_tag
def responsive_image(image, sizes="100vw", lazy=True, css_class="", decorative=False):
    """An `<img>` with srcset, intrinsic size (no layout shift) and lazy loading.

    `decorative` images sit next to a link that already names the story: empty alt.
    Built in Python, not from a template: a page shows a dozen or more.
    """
    if image is None:
        return ""
    srcset = image.srcset
    if image.width:
        original = f"{image.file.url} {image.width}w"
        srcset = f"{srcset}, {original}" if srcset else original
    return format_html(
        '<img{} src="{}" srcset="{}" sizes="{}"{} alt="{}"{}>',
        format_html(' class="{}"', css_class) if css_class else "",
        image.rendition_url(640),
        srcset,
        sizes,
        format_html(' width="{}" height="{}"', image.width, image.height) if image.width else "",
        "" if decorative else image.alt_text,
        mark_safe(' loading="lazy" decoding="async"' if lazy else ' fetchpriority="high"'),
    )


@register.simple_tag
def timestamp(value):
    """A `<time>`: "6 days ago" while recent, the date after that; full date on hover."""
    if value is None:
        return ""
    full = date_format(timezone.localtime(value), "DATETIME_FORMAT")
    age = timezone.now() - value
    if timedelta(0) <= age < RECENT:
        text = _("%(time)s ago") % {"time": timesince(value, depth=1)}
    else:
        text = date_format(timezone.localtime(value), "DATE_FORMAT")
    return format_html('<time datetime="{}" title="{}">{}</time>', value.isoformat(), full, text)


@register.filter
def lang_attr(text):
    """` lang="my"` for text in Myanmar script, so fonts, line height and screen
    readers treat a Burmese headline on an English page as Burmese."""
    return mark_safe(' lang="my"') if MYANMAR_CHAR.search(str(text or "")) else ""


@register.inclusion_tag("tags/share_links.html")
def share_links(article):
    """Plain share links (no third-party scripts) for one article, on the site's address."""
    url = site.absolute_url(article.get_absolute_url())
    title = article.headline
    both = quote(f"{title} {url}")
    return {
        "url": url,
        "links": [
            ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={quote(url)}"),
            ("x", "X", f"https://x.com/intent/post?url={quote(url)}&text={quote(title)}"),
            ("whatsapp", "WhatsApp", f"https://wa.me/?text={both}"),
            (
                "telegram",
                "Telegram",
                f"https://t.me/share/url?url={quote(url)}&text={quote(title)}",
            ),
        ],
        "email": f"mailto:?subject={quote(title)}&body={quote(url)}",
    }
