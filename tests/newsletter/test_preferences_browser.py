"""The preferences page in a real browser, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from newsletter.models import Subscriber
from newsletter.tokens import make_preferences_token
from tests.factories import SubscriberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_change_two_newsletters_save_and_see_their_new_states(
    browser, live_server, public_newsletters, javascript
):
    subscriber = SubscriberFactory(
        email="reader@example.org", newsletter=public_newsletters["daily-briefing"]
    )
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/newsletter/preferences/{make_preferences_token(subscriber.pk)}/")
    briefing = page.locator("fieldset[data-newsletter=daily-briefing]")
    alerts = page.locator("fieldset[data-newsletter=breaking-news]")
    expect(briefing.locator(".preferences__state")).to_have_text("You receive it.")
    expect(alerts.locator(".preferences__state")).to_have_text("You do not receive it.")

    briefing.get_by_label("Pause until I resume", exact=True).check()
    alerts.get_by_label("Receive it", exact=True).check()
    page.get_by_role("button", name="Save my choices").click()

    expect(page.locator(".preferences-saved")).to_have_text("Your choices are saved.")
    expect(briefing.locator(".preferences__state")).to_have_text("Paused until you resume it.")
    expect(alerts.locator(".preferences__state")).to_have_text("You receive it.")
    expect(briefing.get_by_label("Pause until I resume", exact=True)).to_be_checked()
    assert Subscriber.objects.receiving().filter(email="reader@example.org").count() == 1
    assert Subscriber.objects.get(newsletter__slug="daily-briefing").is_paused
