"""The shared database cache's one-statement `add` (newsroom/cache.py), on the real
database (SQLite or PostgreSQL, as the run is configured)."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.cache import OneStatementAddDatabaseCache

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_table():
    """The shared cache's own table (made by a migration whatever CACHES says)."""
    table = OneStatementAddDatabaseCache("newsroom_shared_cache", {})
    table.clear()
    yield table
    table.clear()


def test_add_writes_a_new_key_in_one_statement(shared_table):
    with CaptureQueriesContext(connection) as queries:
        assert shared_table.add("version", "first", timeout=None) is True
    assert len(queries) == 1
    assert shared_table.get("version") == "first"


def test_add_keeps_a_live_value(shared_table):
    shared_table.set("version", "first", timeout=None)
    assert shared_table.add("version", "second", timeout=None) is False
    assert shared_table.add("version", "third", timeout=60) is False
    assert shared_table.get("version") == "first"


def test_add_replaces_an_expired_value(shared_table):
    shared_table.set("version", "first", timeout=1)
    time.sleep(2.1)  # the table stores whole seconds
    assert shared_table.add("version", "second", timeout=60) is True
    assert shared_table.get("version") == "second"


def test_added_values_expire(shared_table):
    assert shared_table.add("short", {"name": "a dict"}, timeout=1) is True
    assert shared_table.get("short") == {"name": "a dict"}
    time.sleep(2.1)
    assert shared_table.get("short") is None
