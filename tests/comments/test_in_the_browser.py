"""A reader comments and replies in Chromium, with and without JavaScript, at desktop
and phone widths; the comments pass axe-core (WCAG 2.x A and AA) for anonymous and
signed-in readers. The `browser` fixture also fails any page that breaks the CSP."""

import json

import pytest

from tests.axe import axe_violations
from tests.comments.commenters import comment
from tests.factories import ArticleFactory, SectionFactory
from tests.readers import PASSWORD, make_reader

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story():
    story = ArticleFactory(
        primary_section=SectionFactory(name="News", slug="news"),
        headline="Curfew lifted",
        slug="curfew-lifted",
    )
    ko = make_reader("Ko Ko")
    first = comment(story, ko, "Streets are calm tonight.\nSee https://example.org/report")
    comment(story, make_reader("Daw Su"), "ညနေပိုင်း လမ်းများ တိတ်ဆိတ်နေသည်။", parent=first)
    comment(story, ko, "<b>Not bold</b>, and a second thought.")
    return story


def sign_in_from_the_story(page, live_server, story, email):
    """Follow the story's "Sign in to comment" link and sign in: back at the comments."""
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.click("#comments >> text=Sign in to comment")
    login = page.locator("form:has(input[name=login])")
    login.locator("input[name=login]").fill(email)
    login.locator("input[name=password]").fill(PASSWORD)
    login.locator("[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{story.get_absolute_url()}#comments")


@pytest.mark.parametrize(("width", "script"), [(1280, True), (375, False)])
def test_a_reader_comments_and_replies(browser, live_server, story, width, script):
    reader = make_reader("Ma Ei")
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=script
    )
    page = context.new_page()
    sign_in_from_the_story(page, live_server, story, reader.user.email)
    page.fill("#comment-form textarea[name=body]", "Good news at last.")
    page.click("#comment-form [type=submit]")
    page.wait_for_url("**#comments")
    comments = page.locator("#comments")
    assert "waiting for a moderator" in comments.inner_text()
    mine = comments.locator(".comment-pending")
    assert "Good news at last." in mine.inner_text()
    assert "Awaiting moderation" in mine.inner_text()

    first = comments.locator("article.comment", has_text="Streets are calm")
    assert first.locator("a[rel='nofollow ugc noopener']").inner_text() == (
        "https://example.org/report"
    )
    first.locator("text=Reply").click()
    assert "Replying to Ko Ko" in page.locator("#comment-form").inner_text()
    page.fill("#comment-form textarea[name=body]", "Agreed.")
    page.click("#comment-form [type=submit]")
    page.wait_for_url("**#comments")
    replies = page.locator("#comments .comment-replies").first
    assert "Agreed." in replies.inner_text() and "Awaiting moderation" in replies.inner_text()
    assert page.locator("#comments b").count() == 0
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_comments_pass_axe_for_anonymous_and_signed_in_readers(
    browser, live_server, axe_source, story, width
):
    reader = make_reader("Ma Ei")
    comment(story, reader, "Mine, waiting", status="pending")
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    failures = {}

    def check(name):
        problems = axe_violations(page, axe_source, within="#comments")
        if problems:
            failures[name] = problems

    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    check("anonymous")
    sign_in_from_the_story(page, live_server, story, reader.user.email)
    check("signed in")
    page.locator("#comments article.comment", has_text="Streets are calm").locator(
        "text=Reply"
    ).click()
    check("replying")
    context.close()
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)
