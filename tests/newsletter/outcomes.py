"""Made-up issues whose e-mails met every outcome, for the figures tests."""

from itertools import count

from django.utils import timezone

from newsletter.models import BounceType, Delivery, Issue, Newsletter
from tests.factories import SubscriberFactory

NOW = timezone.now()
Status = Delivery.Status
# (how many, delivery fields): one row per e-mail of an issue, in every outcome.
OUTCOMES = [
    (2, {"status": Status.SENT, "delivered_at": NOW}),
    (1, {"status": Status.SENT}),  # taken by the server, nothing reported since
    (1, {"status": Status.SENT, "delivered_at": NOW, "complained_at": NOW}),
    (1, {"status": Status.SENT, "delivered_at": NOW, "unsubscribed_at": NOW}),
    (
        1,
        {"status": Status.SENT, "delivered_at": NOW, "opened_at": NOW, "clicked_at": NOW},
    ),
    (1, {"status": Status.SENT, "bounced_at": NOW, "bounce_type": BounceType.SOFT}),
    (1, {"status": Status.FAILED, "bounced_at": NOW, "bounce_type": BounceType.HARD}),
    (1, {"status": Status.FAILED, "error": "554 rejected as spam"}),
    (1, {"status": Status.PENDING}),
    (1, {"status": Status.CLAIMED, "claimed_at": NOW}),
    (1, {"status": Status.SKIPPED}),
    (1, {"status": Status.SENDING, "claimed_at": NOW}),
]
addresses = count()


def make_issue(newsletter: Newsletter, outcomes=OUTCOMES, *, created_at=None) -> Issue:
    issue = Issue.objects.create(
        newsletter=newsletter,
        subject=f"Issue {next(addresses)}",
        covers_until=NOW,
        html_body="<p>Stories</p>",
        text_body="Stories",
        sent_at=NOW,
    )
    if created_at:
        Issue.objects.filter(pk=issue.pk).update(created_at=created_at)
    for how_many, fields in outcomes:
        for _ in range(how_many):
            reader = SubscriberFactory(
                newsletter=newsletter, email=f"r{next(addresses)}@example.org"
            )
            Delivery.objects.create(issue=issue, subscriber=reader, **fields)
    return issue
