"""The demo's photo essay: one of the stories asked for, with its gallery on its page."""

import pytest
from django.core.management import call_command

from articles.models import Article, Gallery
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_photo_essay_whose_page_shows_its_gallery(client):
    call_command("seed_demo", articles=6, images=2, verbosity=0)
    call_command("seed_demo", articles=6, images=2, verbosity=0)

    assert Article.objects.count() == 6
    essay = Article.objects.get(kind=Article.Kind.PHOTO_ESSAY)
    assert essay.is_published()
    assert Gallery.objects.get().items.count() == 12
    page = parse(client.get(essay.get_absolute_url()).content)
    assert "article-page--photo-essay" in page.one("body").classes
    assert len(page.all("figure.gallery li.gallery-item")) == 12
