"""An editor signed in to the admin, for the moderation tests."""

import pytest

from tests.comments.readers import make_staff


@pytest.fixture
def editor():
    return make_staff("ma_thida", "Editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
