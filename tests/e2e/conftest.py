import pytest
from django.contrib.auth import get_user_model

from tests.e2e.admin_login import ADMIN_PASSWORD, admin_page


@pytest.fixture
def editor_page(browser, live_server):
    """A page logged in to the admin as "editor", a superuser; a module that needs
    more (a section to file stories in) overrides this fixture and asks for it."""
    get_user_model().objects.create_superuser("editor", "editor@example.org", ADMIN_PASSWORD)
    page = admin_page(browser, live_server, "editor")
    yield page
    page.context.close()
