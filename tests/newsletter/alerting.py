"""Alert lists for the alert tests (the data migration's, or made again after a test
flushed the database)."""

from newsletter import subscriptions
from newsletter.models import Newsletter


def alert_list(language: str = "en") -> Newsletter:
    """The breaking news list of edition `language`. The edition's digest is made first,
    so that it stays the edition's default newsletter in a flushed database."""
    subscriptions.default_newsletter(language)
    slug = "breaking-news" if language == "en" else f"breaking-news-{language}"
    newsletter, _created = Newsletter.objects.get_or_create(
        slug=slug,
        defaults={"name": f"Breaking News {language}", "language": language, "kind": "alerts"},
    )
    return newsletter
