"""The lite edition's body HTML (articles/lite/body.py)."""

import pytest

from articles.lite.body import lite_body
from newsroom.site import absolute_url
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def news():
    return SectionFactory(name="News", slug="news")


def test_links_to_our_pages_go_to_their_lite_pages_and_others_stay():
    body = lite_body(
        f'<p><a href="{absolute_url("/news/a-story/")}#map">ours</a>'
        '<a href="/news/">section</a>'
        '<a href="https://example.org/news/report/">theirs</a>'
        '<a href="/tag/curfew/">tag</a></p>'
    )
    assert 'href="/lite/news/a-story/#map"' in body
    assert 'href="/lite/news/"' in body
    assert 'href="https://example.org/news/report/"' in body
    assert 'href="/tag/curfew/"' in body


def test_an_image_is_a_link_to_its_file_and_a_linked_image_keeps_its_link():
    body = lite_body(
        '<picture><source srcset="/media/a.webp" type="image/webp">'
        '<img src="/media/a.jpg" alt="Smoke &amp; fire"></picture>'
        '<a href="https://example.org/"><img src="/media/b.jpg" alt="Logo"></a>'
    )
    assert "<img" not in body and "<picture" not in body and "<source" not in body
    assert '<a href="/media/a.jpg" class="image-link">[Image: Smoke &amp; fire (load)]</a>' in body
    assert '<a href="https://example.org/" rel="noopener noreferrer">[Image: Logo]</a>' in body


def test_images_stay_when_asked_for():
    body = lite_body('<figure class="image"><img src="/media/a.jpg" alt="A"></figure>', images=True)
    assert '<img src="/media/a.jpg" alt="A">' in body
