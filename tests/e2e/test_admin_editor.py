"""An editor in the admin, in a real browser: Burmese slugs and the CKEditor 5 body
(its images: tests/e2e/test_body_images.py)."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(editor_page):
    """The logged-in editor, with a News section to file stories in."""
    SectionFactory(name="News", slug="news")
    return editor_page


def test_slug_prepopulates_without_losing_myanmar_marks(editor_page, live_server):
    editor_page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor_page.type("#id_headline", "မြန်မာ သတင်း Junta Watch")
    expect(editor_page.locator("#id_slug")).to_have_value("မြန်မာ-သတင်း-junta-watch")


def test_editor_writes_and_publishes_a_story_with_ckeditor(editor_page, live_server):
    editor_page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor_page.type("#id_headline", "Rice prices climb in Yangon")
    editor_page.locator(".ck-editor__editable").click()
    editor_page.keyboard.type("Traders say the kyat keeps falling.")
    editor_page.select_option("#id_status", "published")
    # Sections use the admin's autocomplete (select2): open it, search, pick.
    editor_page.click(".field-primary_section .select2-selection")
    editor_page.fill(".select2-search__field", "news")
    editor_page.click(".select2-results__option >> text=news")
    editor_page.click("h1")  # like an editor, click away: that closes select2's dropdown
    with editor_page.expect_navigation():
        editor_page.click("input[name=_save]")
    assert "was added successfully" in editor_page.locator(".messagelist").inner_text()
    article = Article.objects.get(slug="rice-prices-climb-in-yangon")
    assert article.is_published()
    assert "<p>Traders say the kyat keeps falling.</p>" in article.body
