"""Page metadata: canonical URLs, OpenGraph images, JSON-LD."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.seo import metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute URL without its query string, keeping `?page=N` (N > 1)."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1 and page.isdigit():
        url = f"{url}?page={page_obj.number}"
    return url


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    return context["request"].build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def image_url(context, image, width: int = 1280) -> str:
    """Absolute URL of the image's rendition for `width` (the original if smaller)."""
    return context["request"].build_absolute_uri(image.rendition_url(width))


@register.simple_tag(takes_context=True)
def article_jsonld(context, article):
    """`<script type="application/ld+json">` blocks (data, not code: CSP leaves them be)."""
    request = context["request"]
    blocks = metadata.article_jsonld(article, absolute=request.build_absolute_uri)
    return mark_safe(  # the JSON text is escaped by to_json_script_text
        "\n".join(
            f'<script type="application/ld+json">{metadata.to_json_script_text(block)}</script>'
            for block in blocks
        )
    )


@register.simple_tag(takes_context=True)
def og_image(context, image, width: int = 1280):
    """OpenGraph image tags with the rendition's URL and real dimensions."""
    request = context["request"]
    return format_html(
        '<meta property="og:image" content="{}">\n'
        '<meta property="og:image:width" content="{}">\n'
        '<meta property="og:image:height" content="{}">\n'
        '<meta property="og:image:alt" content="{}">',
        request.build_absolute_uri(image.rendition_url(width)),
        min(image.width or width, width),
        metadata.image_height_at(image, width) or "",
        image.alt_text,
    )
