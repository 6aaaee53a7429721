"""Pages served from the page cache work in a real browser as built ones do."""

import pytest
from playwright.sync_api import expect

from newsletter.models import Subscriber
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_cache"),
]


@pytest.fixture
def home(live_server):
    ArticleFactory(primary_section=SectionFactory(name="News", slug="news"))
    return f"{live_server.url}/"


@pytest.mark.parametrize("javascript", [True, False])
def test_the_sign_up_box_works_on_a_kept_page(browser, home, javascript, run_tasks):
    first_reader = browser.new_context()
    assert first_reader.new_page().goto(home).headers["x-page-cache"] == "miss"
    first_reader.close()
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        assert page.goto(home).headers["x-page-cache"] == "hit"
        box = page.locator("footer [data-newsletter-signup]")
        box.get_by_label("E-mail address").fill("reader@example.org")
        box.get_by_role("button", name="Subscribe").click()
        if javascript:
            expect(box.locator("[data-newsletter-status]")).to_contain_text("confirm")
        else:
            page.wait_for_url("**/newsletter/thanks/")
    finally:
        context.close()
    run_tasks()
    assert Subscriber.objects.filter(email="reader@example.org").exists()


def test_the_browser_revalidates_and_keeps_its_copy(browser, home):
    context = browser.new_context()
    try:
        page = context.new_page()
        first = page.goto(home)
        again = page.goto(home)
        assert again.request.all_headers()["if-none-match"] == first.headers["etag"]
        assert page.locator("h1, h2").first.is_visible()
    finally:
        context.close()
