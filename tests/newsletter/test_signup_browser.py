"""The sign-up box in a real browser, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from newsletter.models import Subscriber

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_page(browser, url, *, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    return page


def test_with_javascript_the_box_answers_in_place(browser, live_server, smtp_server, run_tasks):
    page = open_page(browser, f"{live_server.url}/newsletter/", javascript=True)
    page.fill("#page-email", "script@example.org")
    page.click("#page-email ~ button[type=submit]")
    status = page.locator("form[data-newsletter-signup] [data-newsletter-status]")
    status.filter(has_text="Thank you").wait_for()
    assert page.url == f"{live_server.url}/newsletter/"
    assert page.input_value("#page-email") == ""
    run_tasks()
    assert Subscriber.objects.get().email == "script@example.org"
    assert smtp_server.recipients == ["script@example.org"]

    page.fill("#page-email", "no good")
    page.evaluate("document.querySelector('#page-email').type = 'text'")  # skip browser check
    page.click("#page-email ~ button[type=submit]")
    status.filter(has_text="valid e-mail address").wait_for()


def test_without_javascript_the_form_posts_and_lands_on_a_page(
    browser, live_server, smtp_server, run_tasks
):
    page = open_page(browser, f"{live_server.url}/newsletter/", javascript=False)
    page.fill("#page-email", "plain@example.org")
    page.click("#page-email ~ button[type=submit]")
    page.wait_for_url(f"{live_server.url}/newsletter/thanks/")
    assert "Check your inbox" in page.content()
    run_tasks()
    assert Subscriber.objects.get().email == "plain@example.org"
    assert smtp_server.recipients == ["plain@example.org"]


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_ticking_a_second_newsletter_signs_up_for_both_with_one_e_mail(
    browser, live_server, smtp_server, run_tasks, public_newsletters, javascript
):
    page = open_page(browser, f"{live_server.url}/newsletter/", javascript=javascript)
    expect(page.get_by_label("Daily Briefing")).to_be_checked()
    page.get_by_label("Breaking News").check()
    page.fill("#page-email", "both@example.org")
    page.click("#page-email ~ button[type=submit]")
    if javascript:
        status = page.locator("form:has(#page-email) [data-newsletter-status]")
        expect(status).to_contain_text("Thank you")
    else:
        page.wait_for_url(f"{live_server.url}/newsletter/thanks/")
    run_tasks()
    slugs = set(Subscriber.objects.values_list("newsletter__slug", flat=True))
    assert slugs == {"daily-briefing", "breaking-news"}
    assert smtp_server.recipients == ["both@example.org"]
