"""Two editors open one story in real browsers: each learns the other is there, from the
page as it loads and then from its heartbeat, and stops seeing them once they leave."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.workflow import locks
from tests.e2e.admin_login import ADMIN_PASSWORD, admin_page
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, username, **names):
    get_user_model().objects.create_superuser(
        username, f"{username}@example.org", ADMIN_PASSWORD, **names
    )
    page = admin_page(browser, live_server, username)
    return page.context, page


def editing(name: str) -> re.Pattern:
    return re.compile(rf"^{name} has been editing this since \d\d:\d\d\.$")


def heartbeat_until_nobody_else(page, within_seconds=10):
    """Run `page`'s heartbeats until it shows no other editor.

    The beacon a leaving page sends is not awaited by its navigation, so the first
    heartbeat can still find the other editor; the next ones must not. Far fewer
    heartbeats than the lock's expiry allow, so only the beacon can clear it.
    """
    assert within_seconds < locks.EDITING_TIMEOUT
    deadline = time.monotonic() + within_seconds
    while True:
        page.clock.run_for(locks.HEARTBEAT_SECONDS * 1000)
        try:
            expect(page.locator(".edit-lock li")).to_have_count(0, timeout=1000)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise


def test_two_editors_see_each_other_on_one_story(browser, live_server):
    story = ArticleFactory(primary_section=SectionFactory(slug="news"))
    url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    thida_context, thida = sign_in(
        browser, live_server, "mathida", first_name="Ma", last_name="Thida"
    )
    zaw_context, zaw = sign_in(browser, live_server, "kozaw")
    try:
        thida.clock.install()  # her heartbeats come when the test says
        thida.goto(url)
        expect(thida.locator(".edit-lock li")).to_have_count(0)

        zaw.goto(url)
        expect(zaw.locator(".edit-lock li")).to_have_text([editing("Ma Thida")])

        thida.clock.run_for(locks.HEARTBEAT_SECONDS * 1000)
        expect(thida.locator(".edit-lock li")).to_have_text([editing("kozaw")])

        zaw.goto(f"{live_server.url}/admin/")  # leaving sends a beacon
        heartbeat_until_nobody_else(thida)
    finally:
        thida_context.close()
        zaw_context.close()
