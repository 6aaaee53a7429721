import pytest

from api.keys import issue_key
from api.models import ApiKey


@pytest.fixture
def partner_key(db) -> str:
    """The secret of an active partner key."""
    return issue_key(ApiKey(name="Partner Press"))
