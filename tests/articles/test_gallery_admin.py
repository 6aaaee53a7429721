"""Galleries in the admin: made with their ordered photos, listed with a count and
a thumbnail, searched by the story editor's "Add gallery" dialog."""

import unicodedata

import pytest
from django.urls import reverse

from articles.models import Gallery
from tests.articles.workflow.conftest import logged_in, staff
from tests.factories import ArticleFactory, GalleryFactory, ImageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_gallery_add")
SEARCH_URL = reverse("admin:articles_gallery_search")


def gallery_form(title: str, photos: list[dict]) -> dict:
    """The gallery add form as the admin posts it: its title and photo rows."""
    data = {
        "title": title,
        "items-TOTAL_FORMS": str(len(photos)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, photo in enumerate(photos):
        for name, value in photo.items():
            data[f"items-{index}-{name}"] = value
    return data


def test_an_editor_makes_a_gallery_of_ordered_photos(admin_client):
    harbour, market = ImageFactory(alt_text="Harbour"), ImageFactory(alt_text="Market")
    caption = unicodedata.normalize("NFD", "ဈေးနေ့ မန္တလေး")
    response = admin_client.post(
        ADD_URL,
        gallery_form(
            "Market day",
            [
                {"image": market.pk, "position": "2", "caption": caption, "credit": ""},
                {"image": harbour.pk, "position": "1", "caption": "", "credit": "Ko Min"},
            ],
        ),
    )

    assert response.status_code == 302
    gallery = Gallery.objects.get()
    items = list(gallery.items.all())
    assert [item.image.alt_text for item in items] == ["Harbour", "Market"]
    assert items[1].caption == unicodedata.normalize("NFC", caption)
    assert items[0].credit == "Ko Min"

    listing = parse(admin_client.get(reverse("admin:articles_gallery_changelist")).content)
    row = listing.one("#result_list tbody tr")
    assert row.one(".field-photo_count").text == "2"
    assert row.one(".field-cover img")["src"] == harbour.rendition_url(320)


def test_bad_input_re_renders_the_form_with_messages_and_saves_nothing(admin_client):
    image = ImageFactory()
    response = admin_client.post(
        ADD_URL,
        gallery_form(
            "",
            [
                {"image": image.pk, "position": "first", "caption": "", "credit": ""},
                {"image": "999999", "position": "2", "caption": "Gone", "credit": ""},
            ],
        ),
    )

    assert response.status_code == 200
    page = parse(response.content)
    assert page.one(".field-title .errorlist").text == "This field is required."
    errors = " ".join(error.text for error in page.all(".inline-related .errorlist"))
    assert "Enter a whole number." in errors
    assert "Select a valid choice." in errors
    assert not Gallery.objects.exists()


def test_contributors_may_make_galleries_and_staff_without_the_role_may_not(db):
    contributor = logged_in(staff("thida", "Contributor"))
    photo = {"image": ImageFactory().pk, "position": "1"}
    response = contributor.post(ADD_URL, gallery_form("Flood", [photo]))
    assert response.status_code == 302
    assert Gallery.objects.get().items.count() == 1

    outsider = logged_in(staff("visitor"))
    assert outsider.get(ADD_URL).status_code == 403


@pytest.fixture
def galleries():
    """25 galleries, the newest "Flood in Bago" with three photos."""
    made = [GalleryFactory(title=f"Archive {n}") for n in range(24)]
    made.append(GalleryFactory(title="Flood in Bago", photos=3))
    return made


def test_the_search_lists_galleries_newest_first_with_count_and_thumbnail(
    admin_client, galleries, django_assert_max_num_queries
):
    # Session, user and their two-factor devices; the count, the page's galleries and
    # their photos with images: whatever the galleries hold.
    with django_assert_max_num_queries(7):
        answer = admin_client.get(SEARCH_URL).json()

    assert len(answer["results"]) == 20 and answer["has_next"] and answer["page"] == 1
    newest = answer["results"][0]
    bago = galleries[-1]
    assert newest["id"] == bago.pk and newest["title"] == "Flood in Bago"
    assert newest["photos"] == "3 photos"
    assert newest["thumbnail"] == bago.items.first().image.rendition_url(320)
    assert answer["results"][1]["thumbnail"] == ""  # an empty gallery has none

    found = admin_client.get(SEARCH_URL, {"q": "bago"}).json()
    assert [result["id"] for result in found["results"]] == [bago.pk]
    assert admin_client.get(SEARCH_URL, {"q": "no such"}).json()["results"] == []


@pytest.mark.parametrize(
    ("page", "expected"), [("2", 2), ("abc", 1), ("-1", 2), ("999999", 2), ("", 1)]
)
def test_a_junk_page_number_gets_a_real_page(admin_client, galleries, page, expected):
    answer = admin_client.get(SEARCH_URL, {"page": page})

    assert answer.status_code == 200
    assert answer.json()["page"] == expected


def test_a_search_longer_than_200_characters_is_refused_with_a_reason(admin_client):
    assert admin_client.get(SEARCH_URL, {"q": "x" * 200}).status_code == 200
    response = admin_client.get(SEARCH_URL, {"q": "x" * 201})

    assert response.status_code == 400
    assert response.json() == {"error": "Search for at most 200 characters."}


def test_a_stray_nul_byte_is_dropped_not_a_server_error(admin_client, galleries):
    """PostgreSQL refuses a NUL byte in a query: it is dropped, not a 500; the words are
    NFC like the titles they are compared with."""
    response = admin_client.get(SEARCH_URL, {"q": " Flood\x00 in Bago "})

    assert response.status_code == 200
    assert [result["title"] for result in response.json()["results"]] == ["Flood in Bago"]


def test_the_search_is_for_staff_who_may_see_galleries(client, db, galleries):
    response = client.get(SEARCH_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert logged_in(staff("visitor")).get(SEARCH_URL).status_code == 403
    assert logged_in(staff("thida", "Contributor")).get(SEARCH_URL).status_code == 200


def test_the_story_form_offers_add_gallery_above_the_body(admin_client):
    story = ArticleFactory()
    page = parse(
        admin_client.get(reverse("admin:articles_article_change", args=[story.pk])).content
    )

    picker = page.one("[data-gallery-picker]")
    assert picker["data-gallery-picker"] == SEARCH_URL
    assert picker.one("[data-gallery-picker-open]").text == "Add gallery"
    scripts = [script for script in page.all("script") if "galleries" in script.get("src", "")]
    assert [script["src"] for script in scripts] == ["/static/admin/js/galleries.js"]
