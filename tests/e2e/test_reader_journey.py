"""A new reader's whole way in Chromium, at desktop and phone widths: from a story's
"Sign in to comment" to an account (confirmed through a real SMTP server), a comment
that waits unseen, is approved and shows with the count up, and the e-mail when
another reader answers it. axe-core checks every kind of page on the way."""

import json
import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from comments.models import Comment
from comments.moderation import moderate
from tests.axe import axe_violations
from tests.comments.commenters import comment
from tests.factories import ArticleFactory, SectionFactory
from tests.readers import make_reader

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "tea shop on 19th street"


@pytest.fixture
def story(live_server, settings):
    settings.SITE_URL = live_server.url  # e-mails link back to the server under test
    return ArticleFactory(
        primary_section=SectionFactory(name="News", slug="news"),
        headline="Curfew lifted in Mandalay",
        slug="curfew-lifted",
    )


def story_as_anonymous(browser, url) -> str:
    """The story's comments as a reader who is not signed in sees them."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    comments = page.locator("#comments").inner_text()
    context.close()
    return comments


@pytest.mark.parametrize("width", [1280, 375])
def test_a_new_reader_signs_up_comments_and_hears_of_a_reply(
    browser, live_server, axe_source, story, smtp_server, run_tasks, width
):
    story_url = f"{live_server.url}{story.get_absolute_url()}"
    # axe is injected, so this context does not enforce the CSP (tests/axe.py).
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems = []

    # From the story to the sign-up page, through the sign-in dialog.
    page.goto(story_url)
    page.locator("#comments").get_by_role("link", name="Sign in to comment").click()
    dialog = page.get_by_role("dialog", name="Sign in")
    expect(dialog).to_be_visible()
    problems += axe_violations(page, axe_source)
    dialog.get_by_role("link", name="Create an account").click()
    page.wait_for_url("**/accounts/signup/**")
    problems += axe_violations(page, axe_source)
    page.get_by_label("Display name").fill("မဖြူ Ma Phyu")
    page.fill("main input[name=email]", "ma.phyu@example.org")
    page.fill("main input[name=password1]", PASSWORD)
    page.fill("main input[name=password2]", PASSWORD)
    page.locator("main").get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/confirm-email/")

    # The confirmation e-mail, through the real SMTP server, and its link.
    [mail] = smtp_server.to("ma.phyu@example.org")
    [link] = re.findall(r"https?://\S+/accounts/confirm-email/\S+", mail.text)
    page.goto(link)
    problems += axe_violations(page, axe_source)
    page.locator("main").get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/login/**")
    page.fill("main input[name=login]", "ma.phyu@example.org")
    page.fill("main input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Signed in as မဖြူ Ma Phyu")).to_be_visible()

    # The comment waits for a moderator: hers to see, nobody else's.
    page.goto(story_url)
    page.locator("#comment-form textarea[name=body]").fill("Shops opened again at noon.")
    page.locator("#comment-form [type=submit]").click()
    page.wait_for_url("**#comments")
    expect(page.locator("#comments")).to_contain_text("waiting for a moderator")
    expect(page.locator("#comments .comment-pending")).to_contain_text("Awaiting moderation")
    problems += axe_violations(page, axe_source)
    assert "Shops opened again" not in story_as_anonymous(browser, story_url)

    # A moderator approves it: everyone sees it, with the count, on the next request.
    editor = User.objects.create_user("editor", is_staff=True)
    moderate(comments=Comment.objects.filter(article=story), status="approved", by=editor)
    run_tasks()
    [published] = smtp_server.to("ma.phyu@example.org")[1:]
    assert "is published" in published.message["Subject"]
    seen = story_as_anonymous(browser, story_url)
    assert "Shops opened again at noon." in seen and "မဖြူ Ma Phyu" in seen
    page.goto(story_url)
    expect(page.locator(".story-comment-count, [href='#comments']").first).to_contain_text("1")
    page.goto(f"{live_server.url}/")
    expect(page.locator("main")).to_contain_text("1 comment")

    # Another reader answers; once approved, she hears of it by e-mail.
    mine = Comment.objects.get(body="Shops opened again at noon.")
    reply = comment(story, make_reader("Ko Thura"), "Mine too.", status="pending", parent=mine)
    moderate(comments=Comment.objects.filter(pk=reply.pk), status="approved", by=editor)
    run_tasks()
    [replied] = smtp_server.to("ma.phyu@example.org")[2:]
    assert "Ko Thura replied" in replied.message["Subject"]
    assert f"#comment-{reply.pk}" in replied.text
    context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
