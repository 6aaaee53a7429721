"""Page metadata: canonical URLs, OpenGraph images, JSON-LD.

Every absolute URL here is on the site's address (`SITE_URL`, `newsroom.site`), never
on the request's Host header: a cached page, a proxy or a stray host name must not put
another address in the links search engines and link previews keep."""

from django import template
from django.utils.safestring import mark_safe

from articles.seo import cards, metadata
from newsroom import site

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute URL without its query string, keeping `?page=N` (N > 1)."""
    request = context["request"]
    url = site.absolute_url(request.path)
    page = request.GET.get("page", "")
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1 and page.isdigit():
        url = f"{url}?page={page_obj.number}"
    return url


@register.simple_tag
def absolute_url(url: str) -> str:
    return site.absolute_url(url)


@register.simple_tag
def share_card(article) -> cards.ShareCard:
    """`{% share_card article as card %}`: the story's title, description and image
    for search results and link previews (`articles.seo.cards`)."""
    return cards.share_card(article)


@register.simple_tag
def article_jsonld(article, card: cards.ShareCard):
    """`<script type="application/ld+json">` blocks (data, not code: CSP leaves them be)."""
    blocks = metadata.article_jsonld(article, card)
    return mark_safe(  # the JSON text is escaped by to_json_script_text
        "\n".join(
            f'<script type="application/ld+json">{metadata.to_json_script_text(block)}</script>'
            for block in blocks
        )
    )
