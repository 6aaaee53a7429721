"""An editor pairs a story with its translation in the admin's autocomplete, in a real
browser, and finds each story linked to the other."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_pairs_two_stories_and_sees_both_linked(editor_page, live_server):
    section = SectionFactory(name="News", slug="news")
    english = ArticleFactory(
        headline="Rice prices keep climbing in Yangon", primary_section=section
    )
    burmese = ArticleFactory(
        headline="ရန်ကုန်တွင် ဆန်ဈေး ဆက်လက်မြင့်တက်", language="my", primary_section=section
    )
    ArticleFactory(headline="Rice harvest falls short", primary_section=section)
    page = editor_page

    page.goto(f"{live_server.url}/admin/articles/article/{english.pk}/change/")
    page.click(".field-translation .select2-selection")
    # Before any search, it offers every story it may: the other language's only.
    expect(page.locator(".select2-results__option")).to_have_text([burmese.headline])
    page.fill(".select2-search__field", "ဆန်ဈေး")
    page.locator(".select2-results__option", has_text=burmese.headline).click()
    page.click("h1")  # like an editor, click away: that closes select2's dropdown
    with page.expect_navigation():
        page.click("input[name=_continue]")

    expect(page.locator(".messagelist").first).to_contain_text("was changed successfully")
    link = page.locator(".field-translation_link a")
    expect(link).to_have_text(burmese.headline)
    with page.expect_navigation():
        link.click()
    expect(page.locator("#id_headline")).to_have_value(burmese.headline)
    expect(page.locator(".field-translation_link a")).to_have_text(english.headline)
    expect(page.locator(".field-translation .select2-selection__rendered")).to_contain_text(
        english.headline
    )
    english.refresh_from_db()
    burmese.refresh_from_db()
    assert english.counterpart == burmese and burmese.counterpart == english
    assert Article.objects.exclude(counterpart=None).count() == 2
