"""Text typed or pasted in Zawgyi is stored in Unicode by every content form of the
admin, and the editor is told which fields were converted."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Correction, Image, Tag
from sections.models import Section
from tests.articles.test_admin import article_form_data
from tests.articles.workflow.conftest import change_data
from tests.factories import ArticleFactory, SectionFactory, png_bytes

pytestmark = pytest.mark.django_db

HEADLINE = ("ရန္ကုန္ၿမိဳ႕တြင္ ဆႏၵျပပြဲ ျပဳလုပ္ခဲ့သည္", "ရန်ကုန်မြို့တွင် ဆန္ဒပြပွဲ ပြုလုပ်ခဲ့သည်")
STANDFIRST = ("ေက်ာင္းသား ေတြ ျပည္ေထာင္စု အစိုးရ", "ကျောင်းသား တွေ ပြည်ထောင်စု အစိုးရ")
NAME = ("ေဒၚေအာင္ဆန္းစုၾကည္", "ဒေါ်အောင်ဆန်းစုကြည်")
CAPTION = ("စစ္ေကာင္စီ တပ္ဖြဲ႕မ်ား ရြာကို မီးရႈိ႕ခဲ့သည္။", "စစ်ကောင်စီ တပ်ဖွဲ့များ ရွာကို မီးရှို့ခဲ့သည်။")
TAG = ("ေရြးေကာက္ပြဲ", "ရွေးကောက်ပွဲ")


def notices(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_story_typed_in_zawgyi_is_stored_in_unicode_and_the_editor_told(admin_client):
    section = SectionFactory(name="News", slug="news")
    data = article_form_data(
        section,
        headline=HEADLINE[0],
        standfirst=STANDFIRST[0],
        body=f'<p>{CAPTION[0]} <a href="https://example.org/ျမန္မာ">{NAME[0]}</a></p>',
        tags=f"{TAG[0]}, Economy",
        featured_image_caption=CAPTION[0],
    )
    response = admin_client.post(reverse("admin:articles_article_add"), data, follow=True)
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.headline == HEADLINE[1]
    assert article.slug == "ရန်ကုန်မြို့တွင်-ဆန္ဒပြပွဲ-ပြုလုပ်ခဲ့သည်"
    assert article.standfirst == STANDFIRST[1]
    assert article.body == (
        f'<p>{CAPTION[1]} <a href="https://example.org/ျမန္မာ" rel="noopener noreferrer">'
        f"{NAME[1]}</a></p>"
    )
    assert set(article.tags.names()) == {TAG[1], "Economy"}
    assert article.featured_image_caption == CAPTION[1]
    assert (
        "Converted from Zawgyi to Unicode: Headline, Standfirst, Body, Tags, Featured image caption"
    ) in notices(response)


def test_a_story_in_unicode_is_stored_as_typed_without_a_notice(admin_client):
    section = SectionFactory(name="News", slug="news")
    data = article_form_data(
        section, headline=HEADLINE[1], standfirst=STANDFIRST[1], body=f"<p>{CAPTION[1]}</p>"
    )
    response = admin_client.post(reverse("admin:articles_article_add"), data, follow=True)
    article = Article.objects.get()
    assert (article.headline, article.body) == (HEADLINE[1], f"<p>{CAPTION[1]}</p>")
    assert not any("Zawgyi" in notice for notice in notices(response))


def test_image_caption_credit_and_alt_text_are_converted(admin_client):
    response = admin_client.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile("street.png", png_bytes(80, 60), "image/png"),
            "alt_text": CAPTION[0],
            "caption": STANDFIRST[0],
            "credit": NAME[0],
        },
        follow=True,
    )
    image = Image.objects.get()
    assert (image.alt_text, image.caption, image.credit) == (CAPTION[1], STANDFIRST[1], NAME[1])
    assert "Converted from Zawgyi to Unicode: Alt text, Caption, Credit" in notices(response)


def test_author_name_and_bio_are_converted(admin_client):
    response = admin_client.post(
        reverse("admin:articles_author_add"),
        {"name": NAME[0], "slug": "daw-aung-san-suu-kyi", "bio": CAPTION[0]},
        follow=True,
    )
    author = Author.objects.get()
    assert (author.name, author.bio) == (NAME[1], CAPTION[1])
    assert "Converted from Zawgyi to Unicode: Name, Bio" in notices(response)


def test_tag_name_is_converted(admin_client):
    response = admin_client.post(
        reverse("admin:articles_tag_add"), {"name": TAG[0], "slug": "elections"}, follow=True
    )
    assert Tag.objects.get().name == TAG[1]
    assert "Converted from Zawgyi to Unicode: Name" in notices(response)


def test_section_name_is_converted(admin_client):
    response = admin_client.post(
        reverse("admin:sections_section_add"),
        {"name": NAME[0], "slug": "people", "position": 0, "is_active": "on"},
        follow=True,
    )
    assert Section.objects.get().name == NAME[1]
    assert "Converted from Zawgyi to Unicode: Name" in notices(response)


def test_a_correction_typed_in_zawgyi_is_converted_and_named(admin_client):
    story = ArticleFactory(primary_section=SectionFactory(), headline="Floods in Sagaing")
    now = timezone.localtime()
    data = change_data(
        story,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": Correction.Kind.CORRECTION,
            "corrections-0-text": CAPTION[0],
            "corrections-0-published_at_0": now.strftime("%Y-%m-%d"),
            "corrections-0-published_at_1": now.strftime("%H:%M:%S"),
        },
    )
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = admin_client.post(url, data, follow=True)
    assert Correction.objects.get().text == CAPTION[1]
    assert "Converted from Zawgyi to Unicode: Correction or update: Text" in notices(response)
