"""A real browser counts a view: the page's script sends the beacon after load, the
<noscript> pixel does it without JavaScript, reloads count once, headless does not."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0"
PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/142.0 Mobile"


@pytest.fixture(autouse=True)
def _counting_in_the_database(settings):
    """The live server counts straight into the database, even when the suite runs
    with REDIS_URL set."""
    settings.REDIS_URL = ""


def views(article) -> int:
    return Article.objects.get(pk=article.pk).view_count


def load(browser, url, *, user_agent=None, javascript=True, reloads=0):
    """Open `url` (and reload it) and wait each time for the beacon's answer."""
    context = browser.new_context(user_agent=user_agent, java_script_enabled=javascript)
    page = context.new_page()
    for load_number in range(reloads + 1):
        with page.expect_response(lambda response: "/views/" in response.url) as beacon:
            if load_number:
                page.reload()
            else:
                page.goto(url)
        assert beacon.value.status in {200, 204}
    context.close()


def test_the_script_counts_one_view_however_often_the_page_is_reloaded(browser, live_server):
    article = ArticleFactory()
    load(browser, live_server.url + article.get_absolute_url(), user_agent=DESKTOP, reloads=2)
    assert views(article) == 1


def test_the_noscript_pixel_counts_without_javascript(browser, live_server):
    article = ArticleFactory()
    load(browser, live_server.url + article.get_absolute_url(), user_agent=PHONE, javascript=False)
    assert views(article) == 1


def test_a_headless_browser_is_not_counted(browser, live_server):
    article = ArticleFactory()
    load(browser, live_server.url + article.get_absolute_url())  # HeadlessChrome user agent
    assert views(article) == 0
