"""Article widgets and small pieces of article markup.

The sidebar widgets are cached for a few minutes, never past the next scheduled
publish time, so a story that goes live on schedule shows up without a cache flush;
an editor's change empties them at once (`articles.caching`).
"""

from datetime import datetime, timedelta
from urllib.parse import quote

from django import template
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from articles.caching import content_version
from articles.models import Article
from articles.readership import services
from newsroom.text import MYANMAR_CHAR

register = template.Library()

WIDGET_SIZE = 5
WIDGET_CACHE_SECONDS = 180
RECENT = timedelta(days=7)


NOT_CACHED = object()


def next_scheduled_publish(version: str) -> datetime | None:
    """When the next scheduled story goes live (None if none is), asked of the database
    once per content `version` rather than once per widget, and again once that time
    has passed. Scheduling, rescheduling or unpublishing a story sets a new version."""
    key = f"articles:next-publish:v{version}"
    upcoming = cache.get(key, NOT_CACHED)
    if upcoming is NOT_CACHED or (upcoming is not None and upcoming <= timezone.now()):
        upcoming = (
            Article.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True)
        ).first()
        cache.set(key, upcoming, WIDGET_CACHE_SECONDS)
    return upcoming


def seconds_until_next_publish(limit: int, *, version: str | None = None) -> int:
    """Seconds a public cache may keep a list: `limit` or less if a story is scheduled."""
    upcoming = next_scheduled_publish(version or content_version())
    if upcoming is None:
        return limit
    return max(0, min(limit, int((upcoming - timezone.now()).total_seconds())))


# A widget keeps twice the ids it shows, so a story retracted without a signal (by
# `QuerySet.update()` or SQL) leaves a gap that the next one fills.
WIDGET_SPARE_IDS = 2 * WIDGET_SIZE


def widget_stories(context, key: str, build_ids) -> list[Article]:
    """The widget's stories: ids cached per content version (an editor's change in any
    process empties every widget), re-read through `published()` on every page."""
    version = content_version(context.get("request"))
    key = f"{key}:v{version}"
    ids = cache.get(key)
    if ids is None:
        ids = build_ids()
        timeout = seconds_until_next_publish(WIDGET_CACHE_SECONDS, version=version)
        if timeout:
            cache.set(key, ids, timeout)
    shape = Article.objects.select_related("primary_section", "featured_image").defer(
        "body", "search_vector", "rank_vector"
    )
    return services.published_in_order(ids, articles=shape)[:WIDGET_SIZE]


@register.inclusion_tag("tags/most_read.html", takes_context=True)
def most_read(context, days: int = 7):
    """Top five stories by views in the last `days` days."""
    stories = widget_stories(
        context,
        f"widgets:most-read:{days}",
        lambda: services.most_read_ids(limit=WIDGET_SPARE_IDS, days=days),
    )
    return {"stories": stories}


@register.inclusion_tag("tags/recommended.html", takes_context=True)
def recommended(context):
    """The editors' latest picks, filled from the most read and newest stories."""
    stories = widget_stories(
        context,
        "widgets:recommended",
        lambda: services.recommended_ids(limit=WIDGET_SPARE_IDS),
    )
    return {"stories": stories}


@register.inclusion_tag("tags/responsive_image.html")
def responsive_image(image, sizes="100vw", lazy=True, css_class="", decorative=False):
    """An `<img>` with srcset, intrinsic size (no layout shift) and lazy loading.

    `decorative` images sit next to a link that already names the story: empty alt.
    """
    if image is None:
        return {"image": None}
    srcset = image.srcset
    if image.width:
        original = f"{image.file.url} {image.width}w"
        srcset = f"{srcset}, {original}" if srcset else original
    return {
        "image": image,
        "src": image.rendition_url(640),
        "srcset": srcset,
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
        "alt": "" if decorative else image.alt_text,
    }


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


@register.inclusion_tag("tags/share_links.html", takes_context=True)
def share_links(context, article):
    """Plain share links (no third-party scripts) for one article."""
    url = context["request"].build_absolute_uri(article.get_absolute_url())
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
