"""Embeds in Chromium: a story with YouTube, X and Telegram embeds makes no request
beyond our own server until the reader presses a "Load" button; without JavaScript it
shows plain links; after the press our frame page loads and, through it, that one
provider's player (the `browser` fixture fails on anything the policy blocked). The
facade passes axe-core before and after. There is no internet here: the providers'
players are fulfilled by `context.route` with a tiny page."""

import json
import re

import pytest
from playwright.sync_api import expect

from articles.models import Embed
from tests.axe import axe_violations
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
X_POST = "https://x.com/MyanmarNow/status/1790000000000000000"
TELEGRAM = "https://t.me/irrawaddy_news/4521"
PLAYERS = {
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&dnt=true",
    "https://t.me/irrawaddy_news/4521?embed=1",
}


def media(url: str) -> str:
    return f'<figure class="media"><oembed url="{url}"></oembed></figure>'


@pytest.fixture
def story_path():
    Embed.objects.create(
        url=YOUTUBE,
        provider_name="YouTube",
        title="ရန်ကုန် ရေကြီးမှု",
        frame_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        thumbnail=ImageFactory(alt_text="Still from YouTube"),
    )
    story = ArticleFactory(
        primary_section=SectionFactory(name="News", slug="news"),
        slug="floods",
        headline="Floods in Yangon",
        body="<p>ရေကြီးမှု</p>" + media(YOUTUBE) + "<p>Two</p>" + media(X_POST) + media(TELEGRAM),
    )
    return story.get_absolute_url()


def watched_context(browser, live_server, **options):
    """A context that records every request and answers none beyond our server but
    the providers' players (a tiny stand-in page)."""
    context = browser.new_context(**options)
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))

    def elsewhere(route):
        if route.request.url in PLAYERS:
            route.fulfill(content_type="text/html", body="<!doctype html><title>Player</title>")
        else:
            route.abort()

    context.route(lambda url: not url.startswith(live_server.url), elsewhere)
    return context


def test_nothing_leaves_our_server_until_the_reader_loads_one_embed(
    browser, live_server, story_path
):
    context = watched_context(browser, live_server)
    page = context.new_page()
    page.goto(f"{live_server.url}{story_path}")
    page.wait_for_load_state("networkidle")

    assert [url for url in context.requests if not url.startswith(live_server.url)] == []
    buttons = page.locator("[data-embed-frame]")
    expect(buttons).to_have_count(3)
    expect(buttons.first).to_be_visible()
    expect(page.locator(".embed__note").first).to_be_visible()
    assert page.locator("iframe").count() == 0

    page.get_by_role("button", name="Load the YouTube video").click()

    frame = page.locator("iframe.embed__frame")
    expect(frame).to_be_visible()
    expect(frame).to_have_attribute("title", "YouTube video: ရန်ကုန် ရေကြီးမှု")
    expect(frame).to_be_focused()
    page.wait_for_load_state("networkidle")
    player = page.frame_locator("iframe.embed__frame").frame_locator("iframe")
    expect(player.locator("title")).to_have_count(1)
    outside = [url for url in context.requests if not url.startswith(live_server.url)]
    assert outside == ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"]
    assert any(
        re.match(re.escape(f"{live_server.url}/embed/frame/?url="), url) for url in context.requests
    )
    # The other two embeds are still facades.
    expect(page.locator("[data-embed-frame]")).to_have_count(2)


def test_without_javascript_the_embeds_are_links_and_nothing_else(browser, live_server, story_path):
    context = watched_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{story_path}")
    page.wait_for_load_state("networkidle")

    assert [url for url in context.requests if not url.startswith(live_server.url)] == []
    for name, href in [
        ("Watch on YouTube", YOUTUBE),
        ("View the post on X", X_POST),
        ("View the post on Telegram", TELEGRAM),
    ]:
        link = page.get_by_role("link", name=name)
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", href)
    expect(page.locator("[data-embed-frame]").first).to_be_hidden()
    assert page.locator("iframe").count() == 0


def test_the_facade_passes_axe_before_and_after_loading(
    browser, live_server, axe_source, story_path
):
    context = watched_context(browser, live_server, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{story_path}")
    page.wait_for_load_state("networkidle")
    before = axe_violations(page, axe_source, within=".story-body")

    page.get_by_role("button", name="Load the post from X").click()
    expect(page.locator("iframe.embed__frame")).to_be_visible()
    after = axe_violations(page, axe_source, within=".story-body")

    assert not before and not after, json.dumps({"before": before, "after": after}, indent=1)
