"""Issues made straight in the database for tests of what becomes of their mail
(several issues of one newsletter in a day, which the schedule would not build)."""

from django.utils import timezone

from newsletter import emails
from newsletter.models import Delivery, Issue, Newsletter, Subscriber


def make_issue(newsletter: Newsletter, *subscribers: Subscriber, subject: str = "Today") -> Issue:
    """An issue of `newsletter` with a pending delivery to each of `subscribers`."""
    html_body, text_body = emails.render_issue_bodies(
        newsletter=newsletter, subject=subject, articles=[]
    )
    issue = Issue.objects.create(
        newsletter=newsletter,
        subject=subject,
        covers_until=timezone.now(),
        html_body=html_body,
        text_body=text_body,
    )
    Delivery.objects.bulk_create(Delivery(issue=issue, subscriber=s) for s in subscribers)
    return issue


def breaking_news() -> Newsletter:
    """The English breaking news list (made by a data migration, or again after a test
    flushed the database)."""
    newsletter, _created = Newsletter.objects.get_or_create(
        slug="breaking-news",
        defaults={"name": "Breaking News", "kind": Newsletter.Kind.ALERTS, "language": "en"},
    )
    return newsletter
