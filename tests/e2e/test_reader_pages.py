"""The readers' pages in a real browser: narrow menu, Load More, text size, layout."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom():
    news = SectionFactory(name="News", slug="news", is_featured=True, position=1)
    burma = SectionFactory(name="Burma", slug="burma", parent=news, position=1)
    SectionFactory(name="Opinion", slug="opinion", position=2)
    author = AuthorFactory(name="Daw Aye", slug="daw-aye", bio="Reports from Yangon.")
    now = timezone.now()
    stories = [
        ArticleFactory(
            primary_section=burma,
            headline=f"Burma story {n}",
            authors=[author],
            tags=["junta"],
            body="".join(f"<p>Paragraph {p} of story {n}.</p>" for p in range(8)),
            publish_at=now - timedelta(hours=n + 1),
        )
        for n in range(26)
    ]
    return stories


def open_page(browser, url, *, width=1280, javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(url)
    return page


def test_narrow_menu_opens_without_javascript(browser, live_server, newsroom):
    page = open_page(browser, f"{live_server.url}/", width=375, javascript=False)
    menu = page.locator("#site-menu")
    expect(menu).to_be_hidden()
    page.get_by_role("link", name="Menu", exact=True).click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Burma")).to_be_visible()
    page.context.close()


def test_narrow_menu_toggles_with_javascript(browser, live_server, newsroom):
    page = open_page(browser, f"{live_server.url}/", width=375)
    toggle = page.get_by_role("link", name="Menu", exact=True)
    toggle.click()
    expect(page.locator("#site-menu")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.url == f"{live_server.url}/"  # no #fragment jump
    page.get_by_role("link", name="Close menu").click()
    expect(page.locator("#site-menu")).to_be_hidden()
    page.context.close()


def test_load_more_appends_the_next_page_in_place(browser, live_server, newsroom):
    page = open_page(browser, f"{live_server.url}/news/burma/")
    cards = page.locator("#section-stories .card")
    assert cards.count() == 19  # the lead story sits above the list
    page.get_by_role("link", name="Load more").click()
    expect(cards).to_have_count(25)
    assert page.url == f"{live_server.url}/news/burma/"
    expect(page.get_by_role("link", name="Load more")).to_have_count(0)
    expect(page.locator("#section-stories").get_by_text("Burma story 25")).to_be_visible()
    # The appended cards read their age too (story 25: 26 hours ago).
    expect(page.locator("#section-stories .card").last.locator("time")).to_have_text("yesterday")
    page.context.close()


def test_load_more_without_javascript_goes_to_the_next_page(browser, live_server, newsroom):
    page = open_page(browser, f"{live_server.url}/news/burma/", javascript=False)
    page.get_by_role("link", name="Load more").click()
    page.wait_for_url("**/news/burma/?page=2")
    expect(page.locator("#section-stories .card")).to_have_count(6)
    page.context.close()


def test_recent_times_read_as_an_age_with_javascript_and_a_date_without(
    browser, live_server, newsroom
):
    url = f"{live_server.url}{newsroom[1].get_absolute_url()}"  # two hours old
    page = open_page(browser, url)
    expect(page.locator(".story-dates time")).to_have_text("2 hours ago")
    expect(page.locator("#similar-stories time").first).to_have_text("1 hour ago")
    page.context.close()
    page = open_page(browser, url, javascript=False)
    date = page.locator(".story-dates time")
    expect(date).not_to_contain_text("ago")
    expect(date).to_contain_text(str(timezone.localtime(newsroom[1].publish_at).year))
    page.context.close()


def test_a_burmese_page_never_reads_an_age_in_english(browser, live_server, newsroom):
    story = ArticleFactory(
        primary_section=newsroom[0].primary_section,
        headline="ရန်ကုန်တွင် ဆန်ဈေး ဆက်လက်မြင့်တက်",
        language="my",
        publish_at=timezone.now() - timedelta(hours=2),
    )
    page = open_page(browser, f"{live_server.url}{story.get_absolute_url()}")
    date = page.locator(".story-dates time")
    # Burmese, whether the browser knows how to say "2 hours ago" in Burmese or not.
    expect(date).to_have_text(re.compile("[\u1000-\u109f]"))
    expect(date).not_to_contain_text("ago")
    page.context.close()


def test_text_size_control_is_remembered(browser, live_server, newsroom):
    url = f"{live_server.url}{newsroom[0].get_absolute_url()}"
    page = open_page(browser, url)
    body = page.locator(".story-body p").first
    normal = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    page.get_by_role("button", name="Larger text").click()
    page.get_by_role("button", name="Larger text").click()
    larger = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert larger > normal
    page.reload()
    again = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert again == larger
    page.get_by_role("button", name="Smaller text").click()
    assert float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) < larger
    page.context.close()


def test_text_size_control_is_hidden_without_javascript(browser, live_server, newsroom):
    page = open_page(
        browser, f"{live_server.url}{newsroom[0].get_absolute_url()}", javascript=False
    )
    expect(page.get_by_role("button", name="Larger text")).to_be_hidden()
    page.context.close()


def test_similar_picks_load_more_appends(browser, live_server, newsroom):
    page = open_page(browser, f"{live_server.url}{newsroom[0].get_absolute_url()}")
    cards = page.locator("#similar-stories .card")
    assert cards.count() == 5
    page.locator("[data-load-more='similar-stories']").click()
    expect(cards).to_have_count(10)
    page.context.close()


@pytest.mark.parametrize("width", [320, 375, 768, 1440])
def test_pages_fit_the_screen_without_sideways_scrolling(browser, live_server, newsroom, width):
    for path in ["/", "/news/", newsroom[0].get_absolute_url(), "/tag/junta/", "/author/daw-aye/"]:
        page = open_page(browser, f"{live_server.url}{path}", width=width)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide at {width}px"
        page.context.close()


def test_keyboard_focus_is_visible_and_skip_link_works(browser, live_server, newsroom):
    page = open_page(browser, f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    assert skip.evaluate("el => el.getBoundingClientRect().top >= 0")
    page.keyboard.press("Enter")
    page.wait_for_url("**/#main")
    page.context.close()
