"""Article widgets and small pieces of article markup.

The sidebar lists are Most Read and Recommended from `articles.selectors`, which
caches their story ids until an editor's change or the next scheduled publish.
"""

from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles import selectors
from articles.caching import cached_html, content_version
from articles.templatetags.view_counts import short_count
from newsroom import site
from newsroom.text import MYANMAR_CHAR, local_digits

register = template.Library()

WIDGET_SIZE = selectors.SIDEBAR_SIZE


@register.simple_tag(takes_context=True)
def sidebar_lists(context):
    """Most Read (this week) and Recommended, five stories each.

    Their cached ids go through `published()` on every page (one query); the HTML of
    exactly the stories shown is kept under those ids and the content version.
    """
    request = context.get("request")
    read_ids, picked_ids = selectors.sidebar_ids(limit=WIDGET_SIZE, request=request)

    def render() -> str:
        stories = {
            s.pk: s for s in selectors.published_in_order(read_ids + picked_ids, request=request)
        }
        return render_to_string(
            "tags/sidebar_lists.html",
            {
                "most_read": [stories[pk] for pk in read_ids if pk in stories],
                "recommended": [stories[pk] for pk in picked_ids if pk in stories],
            },
        )

    listed = f"{','.join(map(str, read_ids))};{','.join(map(str, picked_ids))}"
    return cached_html("sidebar", listed, render, version=content_version(request))


@register.simple_tag
def responsive_image(image, sizes="100vw", lazy=True, css_class="", decorative=False):
    """An `<img>` with srcset, intrinsic size (no layout shift) and lazy loading.

    `decorative` images sit next to a link that already names the story: empty alt.
    Built in Python, not from a template: a page shows a dozen or more.
    """
    if image is None:
        return ""
    return img_tag(
        image,
        src=image.rendition_url(640),
        srcset=image.srcset_with_original,
        size=(image.width, image.height),
        sizes=sizes,
        lazy=lazy,
        css_class=css_class,
        decorative=decorative,
    )


@register.simple_tag
def card_image(image, sizes="100vw", lazy=True, css_class="", decorative=False):
    """`responsive_image` for lists and widgets: the 3:2 crop around the image's focal
    point, the shape cards show (site.css), so the subject stays in the frame."""
    if image is None:
        return ""
    return img_tag(
        image,
        src=image.card_url(640),
        srcset=image.card_srcset,
        size=image.card_size,
        sizes=sizes,
        lazy=lazy,
        css_class=css_class,
        decorative=decorative,
    )


def img_tag(image, *, src, srcset, size, sizes, lazy, css_class, decorative, alt=None):
    """`alt`: the story's own words for the image; the library's when None."""
    width, height = size
    return format_html(
        '<img{} src="{}" srcset="{}" sizes="{}"{} alt="{}"{}>',
        format_html(' class="{}"', css_class) if css_class else "",
        src,
        srcset,
        sizes,
        format_html(' width="{}" height="{}"', width, height) if width else "",
        "" if decorative else (image.alt_text if alt is None else alt),
        mark_safe(' loading="lazy" decoding="async"' if lazy else ' fetchpriority="high"'),
    )


@register.simple_tag
def timestamp(value):
    """A `<time>` showing the date, with the full date and time on hover.

    The page's own script (`static/js/site.js`) says "2 hours ago" instead while the
    time is under a week old: the HTML holds no age, so a page kept by a cache never
    shows one that has since grown.
    """
    if value is None:
        return ""
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}" title="{}" data-relative>{}</time>',
        value.isoformat(),
        local_digits(date_format(local, "DATETIME_FORMAT")),
        local_digits(date_format(local, "DATE_FORMAT")),
    )


# The width a card's image takes in each layout (site.css: .card-lead, .card-row and
# the grid's cards); compact cards show none.
CARD_IMAGE_SIZES = {
    "lead": "(min-width: 64rem) 42rem, 100vw",
    "row": "(min-width: 40rem) 12rem, 100vw",
    "": "(min-width: 64rem) 20rem, (min-width: 40rem) 50vw, 100vw",
}


@register.simple_tag
def story_card(story, size="", level=3, lazy=True, show_excerpt=False, show_views=False):
    """An article teaser. `size` names the layout the card sits in ("lead", "row",
    "compact" or "" for the grid), `level` the headline's heading level.

    Built in Python, not from a template: the home page shows thirty, and each would
    otherwise cost more than the queries behind the whole page. Expects a story loaded
    `as_cards()` (bylines prefetched).
    """
    url = story.get_absolute_url()
    section = story.primary_section
    image = ""
    if story.featured_image and size != "compact":
        picture = card_image(
            story.featured_image, sizes=CARD_IMAGE_SIZES.get(size, CARD_IMAGE_SIZES[""]), lazy=lazy
        )
        image = format_html(
            '<a class="card-image" href="{}" tabindex="-1" aria-hidden="true">{}</a>\n',
            url,
            picture,
        )
    excerpt = ""
    if show_excerpt and story.standfirst:
        excerpt = format_html('<p class="card-excerpt">{}</p>\n', story.standfirst)
    meta = [timestamp(story.publish_at)]
    bylines = ", ".join(str(author) for author in story.authors.all())
    if bylines:
        meta.insert(0, bylines)
    if show_views:
        views = _("%(count)s views") % {"count": short_count(story.view_count)}
        meta.append(local_digits(views))
    if story.comment_count:
        count = story.comment_count
        comments = ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count}
        comments = local_digits(comments)
        meta.append(format_html('<a href="{}#comments">{}</a>', url, comments))
    return format_html(
        '<article class="card{}">\n{}<div class="card-body">\n'
        '<a class="card-section" href="{}">{}</a>\n'
        '<h{} class="card-headline"{}><a href="{}">{}</a></h{}>\n'
        '{}<p class="card-meta">{}</p>\n</div>\n</article>',
        f" card-{size}" if size else "",
        image,
        section.get_absolute_url(),
        section.local_name,
        level,
        lang_attr(story.headline),
        url,
        story.headline,
        level,
        excerpt,
        format_html_join(" · ", "{}", ((part,) for part in meta)),
    )


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
