"""The header's sign-in dialog and the cookie notice in a real browser, at desktop and
phone widths: the dialog is the sign-in page's panel (or, without JavaScript or when
the page cannot be fetched, the page itself), and the notice shows only to a
signed-in reader, who dismisses it for good without a request."""

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.axe import axe_violations
from tests.factories import ArticleFactory, SectionFactory
from tests.readers import PASSWORD, make_reader

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

WIDTHS = [1280, 375]
SIGN_IN_PAGE = re.compile(r"/accounts/login/\?next=/news/")


@pytest.fixture
def story_url(live_server):
    news = SectionFactory(name="News", slug="news")
    story = ArticleFactory(primary_section=news, headline="Curfew lifted in Yangon")
    ArticleFactory(primary_section=news, headline="Floods in Sagaing")
    return f"{live_server.url}{story.get_absolute_url()}"


@pytest.fixture
def reader():
    return make_reader("မအိ Ma Ei", email="ma.ei@example.org")


def open_page(browser, url, *, width, **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, **options)
    page = context.new_page()
    page.goto(url)
    return page


def sign_in_in_the_dialog(page):
    page.get_by_role("link", name="Sign in", exact=True).click()
    dialog = page.get_by_role("dialog", name="Sign in")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Email").fill("ma.ei@example.org")
    dialog.get_by_label("Password").fill(PASSWORD)
    dialog.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_sign_in_opens_a_dialog_that_signs_the_reader_in(browser, story_url, reader, width):
    page = open_page(browser, story_url, width=width)
    link = page.get_by_role("link", name="Sign in", exact=True)
    expect(link).to_be_in_viewport()
    link.click()
    dialog = page.get_by_role("dialog", name="Sign in")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Email")).to_be_focused()
    assert dialog.evaluate("d => d.matches(':modal')")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()
    link.click()
    expect(dialog.get_by_label("Email")).to_be_focused()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()

    sign_in_in_the_dialog(page)
    page.wait_for_url(story_url)  # back on the story (`next`), the whole page signed in
    expect(page.get_by_role("link", name="Signed in as မအိ Ma Ei")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()


def test_every_sign_in_link_opens_a_dialog_that_returns_to_its_own_page(browser, story_url):
    """Other "sign in to …" links (e.g. under the comments) share the behaviour; each
    dialog's form carries its own link's `next`, and focus goes back to that link."""
    page = open_page(browser, story_url, width=1280)
    other = page.locator("#comments").get_by_role("link", name="Sign in to comment")
    other.click()
    dialog = page.locator("dialog[open]")
    story_path = urlsplit(story_url).path
    expect(dialog.locator("input[name=next]")).to_have_value(f"{story_path}#comments")
    page.keyboard.press("Escape")
    expect(other).to_be_focused()
    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(page.locator("dialog[open] input[name=next]")).to_have_value(story_path)


def test_a_wrong_password_in_the_dialog_shows_on_the_sign_in_page(browser, story_url, reader):
    page = open_page(browser, story_url, width=1280)
    page.get_by_role("link", name="Sign in", exact=True).click()
    dialog = page.get_by_role("dialog", name="Sign in")
    dialog.get_by_label("Email").fill("ma.ei@example.org")
    dialog.get_by_label("Password").fill("not the passphrase")
    dialog.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/login/")
    expect(page.get_by_label("Email")).to_have_value("ma.ei@example.org")
    expect(page.locator("main")).to_contain_text("not correct")


def test_without_javascript_the_link_opens_the_sign_in_page(browser, story_url, reader):
    page = open_page(browser, story_url, width=375, java_script_enabled=False)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.wait_for_url(SIGN_IN_PAGE)
    page.get_by_label("Email").fill("ma.ei@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(story_url)
    expect(page.get_by_role("link", name="Signed in as မအိ Ma Ei")).to_be_visible()


def test_when_the_sign_in_page_cannot_be_fetched_the_link_is_followed(browser, story_url):
    page = open_page(browser, story_url, width=1280)

    def refuse_fetches(route):
        if route.request.resource_type == "fetch":
            route.abort()
        else:
            route.continue_()

    page.route("**/accounts/login/**", refuse_fetches)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.wait_for_url(SIGN_IN_PAGE)
    expect(page.locator("main").get_by_label("Email")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_signed_in_reader_dismisses_the_cookie_notice_for_good(
    browser, live_server, story_url, reader, width
):
    page = open_page(browser, story_url, width=width)
    sign_in_in_the_dialog(page)
    page.wait_for_url(story_url)
    notice = page.get_by_role("region", name="Cookie notice")
    expect(notice).to_be_in_viewport()
    expect(notice.get_by_role("link")).to_have_attribute("href", "/privacy-policy/")

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    notice.get_by_role("button", name="Dismiss").click()
    expect(notice).to_have_count(0)
    expect(page.locator("#main")).to_be_focused()
    page.wait_for_timeout(200)
    assert requests == []  # remembered in the browser, not told to the server

    page.goto(f"{live_server.url}/news/")
    expect(page.get_by_role("link", name="Signed in as မအိ Ma Ei")).to_be_visible()
    expect(page.get_by_role("region", name="Cookie notice")).to_have_count(0)
    page.goto(story_url)
    expect(page.get_by_role("region", name="Cookie notice")).to_have_count(0)


def test_without_javascript_the_notice_stays_small_and_covers_nothing_for_good(
    browser, story_url, reader
):
    page = open_page(browser, story_url, width=375, java_script_enabled=False)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Email").fill("ma.ei@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(story_url)
    notice = page.get_by_role("region", name="Cookie notice")
    expect(notice).to_be_in_viewport()
    expect(notice.get_by_role("button", name="Dismiss")).to_be_hidden()
    assert notice.bounding_box()["height"] < 0.25 * 800
    # At the end of the page it sits after the footer, over nothing.
    page.mouse.wheel(0, 50_000)
    page.wait_for_timeout(300)
    footer, box = page.locator("footer").bounding_box(), notice.bounding_box()
    assert box["y"] >= footer["y"] + footer["height"] - 1


@pytest.mark.parametrize("width", WIDTHS)
def test_anonymous_readers_get_no_cookie_and_no_notice(browser, story_url, width):
    page = open_page(browser, story_url, width=width)
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.locator("[data-cookie-notice]")).to_have_count(0)
    assert page.context.cookies() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_dialog_and_the_notice_pass_axe(browser, story_url, reader, axe_source, width):
    page = open_page(browser, story_url, width=width, bypass_csp=True)
    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(page.get_by_role("dialog", name="Sign in")).to_be_visible()
    failures = {"dialog open": axe_violations(page, axe_source)}
    page.get_by_role("dialog").get_by_label("Email").fill("ma.ei@example.org")
    page.get_by_role("dialog").get_by_label("Password").fill(PASSWORD)
    page.get_by_role("dialog").get_by_role("button", name="Sign in").click()
    page.wait_for_url(story_url)
    expect(page.get_by_role("region", name="Cookie notice")).to_be_visible()
    failures["signed in, with the notice"] = axe_violations(page, axe_source)
    assert not any(failures.values()), json.dumps(failures, indent=1, ensure_ascii=False)
