"""Account pages read a fixed, small number of rows (the menus come from the cache,
filled by a first view)."""

import pytest

from tests.accounts.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_reads_nothing_for_an_anonymous_reader(
    client, django_assert_max_num_queries
):
    """Guards the header's sign-in dialog, fetched from any page, from costing rows."""
    client.get("/accounts/login/")
    with django_assert_max_num_queries(0):
        assert client.get("/accounts/login/").status_code == 200


def test_the_profile_page_reads_a_fixed_number_of_rows(
    client, reader, django_assert_max_num_queries
):
    """Session, user and profile (with its user) — not one more per link or field."""
    sign_in(client, reader.email)
    client.get("/accounts/profile/")
    with django_assert_max_num_queries(3):
        assert client.get("/accounts/profile/").status_code == 200
