"""Live search in a real browser: dropdown, keyboard, no-JS fallback, accessibility."""

import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.axe import axe_violations
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LISTBOX = "#live-search-0"


@pytest.fixture
def stories():
    section = SectionFactory(name="Burma", slug="burma")
    image = ImageFactory()
    now = timezone.now()
    ArticleFactory(
        headline="Monsoon secret draft", primary_section=section, status=Article.Status.DRAFT
    )
    return [
        ArticleFactory(
            headline=f"Monsoon floods {n}",
            slug=f"monsoon-floods-{n}",
            primary_section=section,
            featured_image=image,
            publish_at=now - timedelta(hours=n + 1),
        )
        for n in range(7)
    ]


def type_query(page, selector, text):
    """Type like a reader, then wait until the dropdown answers the whole text (an
    answer to the first few letters may arrive while typing)."""
    page.locator(selector).press_sequentially(text, delay=30)
    all_results = page.locator(".live-search-all")
    expect(all_results).to_have_attribute("data-href", f"/search/?{urlencode({'q': text})}")


def new_page(browser, *, javascript=True):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True, java_script_enabled=javascript
    )
    return context.new_page()


def test_typing_shows_top_five_and_a_link_to_all(browser, live_server, stories):
    page = new_page(browser)
    page.goto(f"{live_server.url}/")
    type_query(page, "#site-search", "monso")
    options = page.locator(f"{LISTBOX} [role=option]")
    expect(options).to_have_count(6)
    texts = options.all_inner_texts()
    assert texts[5] == "View all results"
    assert texts[0].startswith("Monsoon floods 0")
    assert "secret" not in " ".join(texts)
    assert page.locator(f"{LISTBOX} img").count() == 5
    assert page.locator("#site-search").get_attribute("aria-expanded") == "true"


def test_keyboard_moves_through_options_and_opens_one(browser, live_server, stories):
    page = new_page(browser)
    page.goto(f"{live_server.url}/")
    field = page.locator("#site-search")
    type_query(page, "#site-search", "monsoon flo")
    field.press("ArrowDown")
    field.press("ArrowDown")
    active = page.locator(f"#{field.get_attribute('aria-activedescendant')}")
    expect(active).to_have_attribute("aria-selected", "true")
    expect(active).to_contain_text("Monsoon floods 1")
    field.press("Enter")
    page.wait_for_url(f"{live_server.url}/burma/monsoon-floods-1/")


def test_clicking_an_option_opens_it(browser, live_server, stories):
    page = new_page(browser)
    page.goto(f"{live_server.url}/")
    type_query(page, "#site-search", "monsoon")
    page.locator(f"{LISTBOX} [role=option]", has_text="Monsoon floods 3").click()
    page.wait_for_url(f"{live_server.url}/burma/monsoon-floods-3/")


def test_escape_closes_and_no_results_says_so(browser, live_server, stories):
    page = new_page(browser)
    page.goto(f"{live_server.url}/")
    field = page.locator("#site-search")
    type_query(page, "#site-search", "zzzzqx")
    expect(page.locator(".live-search-empty")).to_have_text("No results")
    expect(page.locator(".live-search-all")).to_have_text("View all results")
    field.press("Escape")
    expect(page.locator(LISTBOX)).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")


def test_without_javascript_the_form_searches(browser, live_server, stories):
    page = new_page(browser, javascript=False)
    page.goto(f"{live_server.url}/")
    page.locator("#site-search").fill("monsoon")
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/search/?q=monsoon")
    assert "7 results for “monsoon”" in page.inner_text("main")
    assert page.locator("mark").first.inner_text() == "Monsoon"


@pytest.mark.parametrize("typed", ["monsoon flo", "zzzzqx"])
def test_search_page_with_open_dropdown_passes_axe(
    browser, live_server, stories, typed, axe_source
):
    page = new_page(browser)
    page.goto(f"{live_server.url}/search/?q=monsoon")
    page.locator("#id_q").fill("")
    type_query(page, "#id_q", typed)
    problems = axe_violations(page, axe_source)
    assert not problems, json.dumps(problems, ensure_ascii=False)
