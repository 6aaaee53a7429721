"""Newsletter fixtures (the SMTP server is shared: tests/smtp.py)."""

import pytest

from newsletter import subscriptions
from newsletter.models import Newsletter


@pytest.fixture(autouse=True)
def _one_sender(settings):
    """Tests share one database transaction, which other threads cannot see, so the
    command sends from the test's own thread unless a test says otherwise."""
    settings.NEWSLETTER_WORKERS = 1


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://news.example"
    return settings.SITE_URL


@pytest.fixture
def briefing(db) -> Newsletter:
    """The Daily Briefing (made by the data migration, or again after a test flushed
    the database)."""
    return subscriptions.default_newsletter()


@pytest.fixture
def signup_headers():
    """What a browser sends with a form POST from one of our pages."""
    return {"Origin": "http://testserver"}


@pytest.fixture
def public_newsletters(db) -> dict[str, Newsletter]:
    """Every newsletter the data migrations offer readers, by slug: each edition's
    Daily Briefing and Breaking News alerts (made again after a test flushed them)."""
    briefings = [subscriptions.default_newsletter(language) for language in ("en", "my")]
    alerts = [
        Newsletter.objects.get_or_create(
            slug=slug, defaults={"name": name, "language": language, "kind": "alerts"}
        )[0]
        for slug, name, language in [
            ("breaking-news", "Breaking News", "en"),
            ("breaking-news-my", "အထူးသတင်း", "my"),
        ]
    ]
    return {newsletter.slug: newsletter for newsletter in briefings + alerts}
