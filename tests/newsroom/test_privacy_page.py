"""The demo's privacy page is where the cookie notice points, and says what accounts,
comments, cookies and local storage keep (the deletion wording is shared with the
account-deletion page)."""

import pytest

from newsroom.demo.builder import ensure_static_pages

pytestmark = pytest.mark.django_db

DELETION = (
    "Deleting your account deletes your comments. Where other readers replied to one, "
    "an empty 'comment removed' marker stays in its place so their replies still make "
    "sense; your name and words are gone."
)


def test_the_cookie_notice_links_to_the_demo_privacy_page(client, settings):
    ensure_static_pages()
    page = client.get(settings.PRIVACY_PAGE_URL)
    html = page.content.decode()

    assert page.status_code == 200
    assert DELETION in html
    for kept in ("<code>sessionid</code>", "<code>csrftoken</code>", "local storage"):
        assert kept in html
