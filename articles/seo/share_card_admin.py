"""The article form's share-card preview: the picture, title, description and address
a link preview or search result shows, with the title's and description's lengths
against what those cut them to (`articles.seo.cards`).

It shows the story as saved; `static/admin/js/share_card.js` updates the text and
the counts while the editor types.
"""

from django import forms
from django.contrib import admin
from django.forms import Script
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from articles.seo import cards
from newsroom.site import site_domain


class ShareCardPreviewMixin:
    """For ArticleAdmin: list `share_card_preview` in its read-only fields."""

    @property
    def media(self):
        return super().media + forms.Media(js=[Script("admin/js/share_card.js", type="module")])

    @admin.display(description=_("share card preview"))
    def share_card_preview(self, article):
        card = cards.share_card(article)
        return render_to_string(
            "admin/articles/article/share_card_preview.html",
            {
                "card": card,
                "domain": site_domain(),
                "title_count": len(card.title),
                "description_count": len(card.description),
                "title_limit": cards.TITLE_LIMIT,
                "description_limit": cards.DESCRIPTION_LIMIT,
            },
        )
