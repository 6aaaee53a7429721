"""Logging in to the admin in a browser, as the admin tests' people do."""

ADMIN_PASSWORD = "a-long-newsroom-password"


def admin_page(browser, live_server, username: str, password: str = ADMIN_PASSWORD):
    """A new browser context's page, logged in to the admin as `username`."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")  # logged in before the test navigates
    return page
