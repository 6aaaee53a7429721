"""axe-core on the account pages, as a reader's browser meets them (errors shown, and
signed in), at desktop and phone widths, under the site's strict CSP."""

import json

import pytest
from playwright.sync_api import expect

from tests.accounts.conftest import PASSWORD, make_reader
from tests.axe import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_account_pages_pass_axe_wcag_aa(browser, live_server, axe_source, width):
    reader = make_reader("ma.ei@example.org", display_name="ဦးမောင်")
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    failures = {}

    def check(label):
        problems = axe_violations(page, axe_source)
        if problems:
            failures[label] = problems

    for path in ["/accounts/signup/", "/accounts/password/reset/", "/accounts/login/"]:
        page.goto(f"{live_server.url}{path}")
        check(path)
    # A failed sign-in, then a signed-in reader's pages (the form posts without script).
    page.fill("#id_login", reader.email)
    page.fill("#id_password", "not the password")
    page.click("main button[type=submit]")
    expect(page.locator(".form-alert")).to_be_visible()
    check("login with an error")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    for path in ["/accounts/profile/", "/accounts/delete/", "/accounts/password/change/"]:
        page.goto(f"{live_server.url}{path}")
        check(path)
    page.goto(f"{live_server.url}/accounts/profile/")
    page.fill("#id_display_name", " ")
    page.click("main form button[type=submit]")
    expect(page.locator("#id_display_name_error")).to_be_visible()
    check("profile with an error")
    context.close()
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)
