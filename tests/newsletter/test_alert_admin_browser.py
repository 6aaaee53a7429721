"""An editor sends a breaking news alert in a real browser: search the story, check the
e-mail in its frame, confirm. The `browser` fixture fails on any blocked policy."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from newsletter.models import Issue
from tests.e2e.admin_login import ADMIN_PASSWORD, admin_page
from tests.factories import ArticleFactory, SubscriberFactory
from tests.newsletter.alerting import alert_list

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_previews_and_sends_an_alert(postgres_only, browser, live_server):
    """On PostgreSQL only: over the in-memory SQLite test database the live server's
    request threads share one connection, and the admin's autocomplete requests running
    beside a page's own once left two of them waiting on each other for good (a CI
    run hung). Each request gets its own connection on PostgreSQL, as in production."""
    get_user_model().objects.create_superuser("editor", "editor@example.org", ADMIN_PASSWORD)
    breaking = alert_list("en")
    SubscriberFactory(email="a@example.org", newsletter=breaking)
    SubscriberFactory(email="b@example.org", newsletter=breaking)
    story = ArticleFactory(headline="Fighting reaches Lashio", standfirst="Thousands flee.")
    ArticleFactory(headline="Fighting draft", status="draft")
    page = admin_page(browser, live_server, "editor")

    page.goto(f"{live_server.url}/admin/newsletter/issue/")
    with page.expect_navigation():
        page.click("text=Send a breaking news alert")
    page.click(".select2-selection")
    page.fill(".select2-search__field", "Fighting")
    expect(page.locator(".select2-results__option")).to_have_text([story.headline])
    page.locator(".select2-results__option", has_text=story.headline).click()
    page.select_option("#id_newsletter", str(breaking.pk))
    with page.expect_navigation():
        page.click("text=Preview the alert")

    expect(page.locator(".newsletter-alert-summary")).to_contain_text("2 readers")
    frame = page.frame_locator("iframe.newsletter-preview")
    expect(frame.locator("h1")).to_have_text(story.headline)
    expect(page.locator(".newsletter-preview-text")).to_contain_text("Thousands flee.")
    with page.expect_navigation():
        page.click("input[name=confirm]")

    expect(page.locator(".messagelist")).to_contain_text("is on its way to")
    issue = Issue.objects.get()
    assert page.url.endswith(f"/admin/newsletter/issue/{issue.pk}/change/")
    assert issue.deliveries.count() == 2
    page.context.close()
