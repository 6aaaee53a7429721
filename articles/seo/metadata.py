"""Structured data for articles: JSON-LD `NewsArticle` and `BreadcrumbList`.

Built as plain dicts here (easy to test by parsing), rendered by the `seo` template
tags with every `<`, `>` and `&` escaped so no text can close the script element.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from articles.seo.cards import ShareCard
from newsroom.site import absolute_url
from sections.models import Section

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_json_script_text(data) -> str:
    """JSON safe to place inside `<script>`: nothing in it can end the element."""
    return json.dumps(data, ensure_ascii=False, default=str).translate(JSON_SCRIPT_ESCAPES)


def article_jsonld(article, card: ShareCard) -> list[dict]:
    """`NewsArticle` and `BreadcrumbList` for `article`, every URL on the site's address;
    its image is the one on the story's share `card` (the page's meta tags worked it out)."""
    url = absolute_url(article.get_absolute_url())
    authors = [
        {
            "@type": "Organization" if author.is_organisation else "Person",
            "name": author.name,
            "url": absolute_url(author.get_absolute_url()),
        }
        for author in article.authors.all()
    ]
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": article.language,
        "headline": article.headline[:110],
        "description": article.standfirst,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": (article.updated_at or article.publish_at).isoformat(),
        "articleSection": article.primary_section.local_name,
        "keywords": [tag.name for tag in article.tags.all()],
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "logo": {"@type": "ImageObject", "url": absolute_url(static(settings.SITE_LOGO))},
        },
    }
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": correction.published_at.isoformat(),
        }
        for correction in article.corrections.all()
        if correction.kind == correction.Kind.CORRECTION
    ]
    if corrections:
        news_article["correction"] = corrections
    if card.image is not None:
        news_article["image"] = [
            {
                "@type": "ImageObject",
                "url": card.image.url,
                "width": card.image.width,
                "height": card.image.height,
            }
        ]
    return [news_article, breadcrumb_jsonld(article, url=url)]


def breadcrumb_jsonld(article, *, url: str) -> dict:
    tree = Section.objects.tree()
    trail = [(settings.SITE_NAME, absolute_url(reverse("articles:home")))]
    for section in tree.trail(article.primary_section):
        trail.append((section.local_name, absolute_url(section.get_absolute_url())))
    trail.append((article.headline, url))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": item}
            for position, (name, item) in enumerate(trail, start=1)
        ],
    }
