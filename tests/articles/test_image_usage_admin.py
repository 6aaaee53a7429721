"""Deleting a library image names the stories that show it: in the body, as the
featured image or as the share image. Nothing guards a body's reference to an image,
so without this list the image would quietly drop out of published stories."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from articles.content.image_usage import stories_showing
from articles.models import Article, Gallery, GalleryItem, Image
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, png_bytes
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    return ImageFactory(file=ContentFile(png_bytes(800, 600), name="market.png"))


def body_with(image) -> str:
    return f'<p>Before.</p><figure class="image"><img src="{image.file.url}" alt="a"></figure>'


def warned_stories(response) -> list[str]:
    items = parse(response.content).all("ul.stories-showing-images li")
    return [item.text for item in items]


def test_the_delete_page_names_every_story_that_shows_the_image(admin_client, photo):
    in_body = ArticleFactory(headline="Fire at the market", body=body_with(photo))
    featured = ArticleFactory(
        headline="Draft with a picture", status=Article.Status.DRAFT, featured_image=photo
    )
    shared = ArticleFactory(headline="Shared story", social_image=photo, featured_image=photo)
    ArticleFactory(headline="Unrelated")

    response = admin_client.get(reverse("admin:articles_image_delete", args=[photo.pk]))

    assert response.status_code == 200
    assert "3 stories show this image" in response.content.decode()
    assert warned_stories(response) == [
        "Shared story (Published): as the featured image, as the share image",
        "Draft with a picture (Draft): as the featured image",
        "Fire at the market (Published): in the body",
    ]
    links = [a["href"] for a in parse(response.content).all("ul.stories-showing-images a")]
    assert links == [
        reverse("admin:articles_article_change", args=[story.pk])
        for story in (shared, featured, in_body)
    ]


def test_an_image_no_story_shows_gets_the_plain_delete_page(admin_client, photo):
    ArticleFactory(body="<p>No pictures.</p>")
    response = admin_client.get(reverse("admin:articles_image_delete", args=[photo.pk]))
    assert response.status_code == 200
    assert not warned_stories(response)
    assert "Are you sure" in response.content.decode()


def test_a_reference_to_another_image_whose_id_starts_alike_is_not_a_use(photo):
    story = ArticleFactory()
    # Stored as it is, past the save that would take away the unknown id.
    Article.objects.filter(pk=story.pk).update(body=f'<img data-image-id="{photo.pk}0" alt="">')
    assert stories_showing([photo.pk]) == []


def test_the_list_costs_one_query_however_many_images(django_assert_num_queries, photo):
    others = ImageFactory.create_batch(3)
    for image in [photo, *others]:
        ArticleFactory(body=body_with(image))
    with django_assert_num_queries(1):
        uses = stories_showing([photo.pk, *(image.pk for image in others)])
    assert len(uses) == 4


def test_delete_selected_names_the_stories_and_then_deletes(admin_client, photo):
    other = ImageFactory()
    story = ArticleFactory(headline="Fire at the market", body=body_with(photo))
    changelist = reverse("admin:articles_image_changelist")
    selected = {"action": "delete_selected", "_selected_action": [photo.pk, other.pk]}

    confirm = admin_client.post(changelist, selected)
    assert confirm.status_code == 200
    assert "One story shows these images" in confirm.content.decode()
    assert warned_stories(confirm) == ["Fire at the market (Published): in the body"]

    done = admin_client.post(changelist, {**selected, "post": "yes"})
    assert done.status_code == 302
    assert not Image.objects.filter(pk__in=[photo.pk, other.pk]).exists()
    page = admin_client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert "Before." in page.content.decode()
    assert not parse(page.content).all("article figure.body-image")


def test_the_delete_page_of_an_image_that_is_not_there_is_no_error(admin_client):
    response = admin_client.get(reverse("admin:articles_image_delete", args=["abc"]))
    assert response.status_code == 302


def test_a_refused_delete_lists_what_stands_in_its_way_not_the_stories(admin_client, photo):
    ArticleFactory(body=body_with(photo))
    GalleryItem.objects.create(gallery=Gallery.objects.create(title="Bago"), image=photo)
    response = admin_client.get(reverse("admin:articles_image_delete", args=[photo.pk]))
    assert "protected related objects" in response.content.decode()
    assert not warned_stories(response)


def warned_bylines(response) -> list[str]:
    return [item.text for item in parse(response.content).all("ul.authors-pictured li")]


def test_the_delete_page_names_the_bylines_that_use_the_image_as_their_photo(admin_client, photo):
    AuthorFactory(name="Thin Thin Aung", photo=photo)
    AuthorFactory(name="Aung Naing", photo=photo)
    AuthorFactory(name="No photo")

    response = admin_client.get(reverse("admin:articles_image_delete", args=[photo.pk]))

    assert "2 bylines use this image as their photo" in response.content.decode()
    assert warned_bylines(response) == ["Aung Naing", "Thin Thin Aung"]
    assert not warned_stories(response)


def test_delete_selected_names_the_bylines_and_the_bylines_keep_working(admin_client, photo):
    author = AuthorFactory(name="Thin Thin Aung", photo=photo)
    story = ArticleFactory(authors=[author])
    changelist = reverse("admin:articles_image_changelist")
    selected = {"action": "delete_selected", "_selected_action": [photo.pk, ImageFactory().pk]}

    confirm = admin_client.post(changelist, selected)
    assert "One byline uses one of these images as its photo" in confirm.content.decode()
    assert warned_bylines(confirm) == ["Thin Thin Aung"]

    admin_client.post(changelist, {**selected, "post": "yes"})
    author.refresh_from_db()
    assert author.photo is None
    assert admin_client.get(story.get_absolute_url()).status_code == 200
    assert admin_client.get(author.get_absolute_url()).status_code == 200
