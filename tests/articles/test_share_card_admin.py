"""The article form's Search and sharing fields and its share-card preview, which
works without JavaScript (the story as saved, with its lengths counted)."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.test_admin import article_form_data
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def preview_html(response) -> str:
    html = response.content.decode()
    start = html.index('<div class="share-card-preview"')
    return html[start : html.index("</div>", html.index("share-card-counts", start))]


def test_the_preview_shows_the_share_crop_title_description_domain_and_counts(
    admin_client, settings
):
    settings.SITE_URL = "https://news.example"
    story = ArticleFactory(
        headline="Floods cut off Hpakant",
        standfirst="Jade mines closed.",
        seo_title="Hpakant floods: what we know about the roads, mines and villages under water",
        featured_image=ImageFactory(),
    )
    response = admin_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    html = response.content.decode()
    assert "Search and sharing" in html
    for name in ("seo_title", "meta_description", "social_image"):
        assert f'name="{name}"' in html
    assert "admin/js/share_card.js" in html
    preview = preview_html(response)
    # On the admin's own address: the admin's CSP loads images from it only.
    assert f'src="{story.featured_image.share_url}"' in preview
    assert "news.example" in preview
    assert "Hpakant floods: what we know about" in preview
    assert "Jade mines closed." in preview
    # 76 characters: over the 60 search results show, and marked so.
    assert re.search(
        r'share-card-count share-card-over"\s+data-share-card-count="title".*?'
        r"<span data-count>76</span> / 60",
        preview,
        re.DOTALL,
    )
    assert re.search(
        r'share-card-count"\s+data-share-card-count="description".*?'
        r"<span data-count>18</span> / 155",
        preview,
        re.DOTALL,
    )


def test_a_story_without_a_picture_says_so(admin_client):
    story = ArticleFactory(featured_image=None)
    response = admin_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert "No picture" in preview_html(response)


def test_the_add_page_shows_an_empty_preview(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    assert "data-share-card-title" in preview_html(response)


def test_editor_saves_search_and_sharing_fields(admin_client):
    section = SectionFactory()
    image = ImageFactory()
    data = article_form_data(
        section,
        seo_title="  Rice: prices up again  ",
        meta_description="Markets in Yangon and Mandalay.",
        social_image=image.pk,
    )
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(headline="Rice prices climb again")
    assert article.seo_title == "Rice: prices up again"
    assert article.meta_description == "Markets in Yangon and Mandalay."
    assert article.social_image == image


def test_a_too_long_search_title_is_a_form_error(admin_client):
    data = article_form_data(SectionFactory(), seo_title="x" * 111)
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "seo_title" in response.context["adminform"].form.errors
