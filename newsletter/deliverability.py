"""What mail outcomes teach us: which deliveries arrived, and which addresses must get
no more newsletters.

Outcomes come from two places and end here, so one policy decides for both: the mail
server's answer while sending (`newsletter.sending`: a 5xx refusal of a recipient is
a hard bounce, a 4xx one a soft bounce retried later) and an e-mail service's
webhooks (django-anymail's `tracking` signal, `record_event`).

- A hard bounce suppresses the address at once, on every newsletter (`bounced`).
- A spam complaint suppresses it as `complained`.
- Soft bounces suppress it once its latest NEWSLETTER_SOFT_BOUNCE_LIMIT deliveries
  all soft-bounced (counted from Delivery rows, so a webhook posted twice counts once).
- An unsubscribe at the service leaves that one newsletter.
- Opens and clicks are kept only when NEWSLETTER_TRACKING is on.

Every change is a conditional UPDATE (a timestamp still empty, a status not yet
reached), so a repeated webhook or an event that arrives late changes nothing more.
Logs name deliveries by id, never a reader's address.
"""

import logging
from datetime import datetime

from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from newsletter import subscriptions
from newsletter.models import BounceType, Delivery, Newsletter, Subscriber

logger = logging.getLogger(__name__)

# The statuses each kind of suppression replaces: an unsubscribed address stays
# unsubscribed, and a complaint outranks a bounce.
_REPLACES = {
    Subscriber.Status.BOUNCED: [Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED],
    Subscriber.Status.COMPLAINED: [
        Subscriber.Status.PENDING,
        Subscriber.Status.CONFIRMED,
        Subscriber.Status.BOUNCED,
    ],
}
_TIMESTAMP = {
    Subscriber.Status.BOUNCED: "bounced_at",
    Subscriber.Status.COMPLAINED: "complained_at",
}


def subscribers_of(email: str) -> QuerySet[Subscriber]:
    """Every subscriber row of `email`, whatever its case, on any newsletter.

    Filtering on the (few) newsletters too lets the database use the unique
    (newsletter, lower(email)) index instead of reading the whole table.
    """
    newsletters = list(Newsletter.objects.values_list("pk", flat=True))
    return Subscriber.objects.alias(email_lower=Lower("email")).filter(
        newsletter_id__in=newsletters, email_lower=email.lower()
    )


def suppress(email: str, *, reason: str, at: datetime) -> int:
    """Stop every newsletter to `email`: `reason` is Subscriber.Status.BOUNCED (the
    address does not take mail) or COMPLAINED (its owner marked us as spam). Return
    how many subscriber rows changed."""
    return (
        subscribers_of(email)
        .filter(status__in=_REPLACES[reason])
        .update(status=reason, **{_TIMESTAMP[reason]: at})
    )


def record_hard_bounce(*, delivery: Delivery, at: datetime) -> None:
    """The recipient's server refused the address for good: note it on the delivery
    and suppress the address everywhere."""
    Delivery.objects.filter(pk=delivery.pk).exclude(bounce_type=BounceType.HARD).update(
        bounce_type=BounceType.HARD, bounced_at=at
    )
    suppress(delivery.subscriber.email, reason=Subscriber.Status.BOUNCED, at=at)


def record_soft_bounce(*, delivery: Delivery, at: datetime) -> None:
    """The recipient's server said "not now" and nobody will try again (retries spent,
    or the service reports the deferral): note it, and suppress the address once its
    latest NEWSLETTER_SOFT_BOUNCE_LIMIT deliveries all soft-bounced."""
    Delivery.objects.filter(
        pk=delivery.pk, bounced_at__isnull=True, delivered_at__isnull=True
    ).update(bounce_type=BounceType.SOFT, bounced_at=at)
    email = delivery.subscriber.email
    if soft_bounce_limit_reached(email):
        suppress(email, reason=Subscriber.Status.BOUNCED, at=at)
        logger.info("Address of delivery %s suppressed after repeated soft bounces", delivery.pk)


def soft_bounce_limit_reached(email: str) -> bool:
    """Did the latest NEWSLETTER_SOFT_BOUNCE_LIMIT deliveries to `email` (on any
    newsletter, those tried: sent or failed) all soft-bounce and none arrive?"""
    limit = settings.NEWSLETTER_SOFT_BOUNCE_LIMIT
    latest = list(
        Delivery.objects.filter(
            subscriber__in=subscribers_of(email),
            status__in=[Delivery.Status.SENT, Delivery.Status.FAILED],
        )
        .order_by("-pk")
        .values_list("bounce_type", "delivered_at")[:limit]
    )
    return len(latest) == limit and all(
        bounce_type == BounceType.SOFT and delivered_at is None
        for bounce_type, delivered_at in latest
    )


def record_event(event: AnymailTrackingEvent) -> None:
    """Learn from one e-mail service event (a webhook, after anymail checked it came
    from the service)."""
    delivery = _delivery_of(event)
    at = event.timestamp or timezone.now()
    event_type = event.event_type
    if delivery is None:
        # Not an issue (a confirmation e-mail), or not ours: only what the address
        # itself tells counts.
        if event.recipient and event_type == EventType.BOUNCED:
            suppress(event.recipient, reason=Subscriber.Status.BOUNCED, at=at)
        elif event.recipient and event_type == EventType.COMPLAINED:
            suppress(event.recipient, reason=Subscriber.Status.COMPLAINED, at=at)
        return
    if event_type == EventType.DELIVERED:
        _record_arrival(delivery=delivery, at=at)
    elif event_type == EventType.BOUNCED:
        record_hard_bounce(delivery=delivery, at=at)
    elif event_type == EventType.REJECTED:
        _record_rejection(delivery=delivery, reason=event.reject_reason, at=at)
    elif event_type == EventType.DEFERRED:
        record_soft_bounce(delivery=delivery, at=at)
    elif event_type == EventType.COMPLAINED:
        _record_complaint(delivery=delivery, at=at)
    elif event_type == EventType.UNSUBSCRIBED:
        subscriptions.unsubscribe(subscriber_id=delivery.subscriber_id, issue_id=delivery.issue_id)
    elif event_type in (EventType.OPENED, EventType.CLICKED) and settings.NEWSLETTER_TRACKING:
        field = "opened_at" if event_type == EventType.OPENED else "clicked_at"
        Delivery.objects.filter(pk=delivery.pk, **{f"{field}__isnull": True}).update(**{field: at})
    logger.info("E-mail service event %s for delivery %s", event_type, delivery.pk)


def _delivery_of(event: AnymailTrackingEvent) -> Delivery | None:
    """The delivery named in the message's metadata (`emails.issue_message` sets it),
    if it went to the address the event is about."""
    try:
        pk = int((event.metadata or {}).get("delivery", ""))
    except (TypeError, ValueError):
        return None
    delivery = (
        Delivery.objects.select_related("subscriber")
        .only("pk", "issue_id", "subscriber__id", "subscriber__email")
        .filter(pk=pk)
        .first()
    )
    if delivery is None:
        return None
    if event.recipient and event.recipient.lower() != delivery.subscriber.email.lower():
        logger.warning("E-mail service event for delivery %s names another address", pk)
        return None
    return delivery


def _record_arrival(*, delivery: Delivery, at: datetime) -> None:
    """Delivered: a deferral reported before it was no bounce after all."""
    Delivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).update(delivered_at=at)
    Delivery.objects.filter(pk=delivery.pk, bounce_type=BounceType.SOFT).update(
        bounce_type="", bounced_at=None
    )


def _record_rejection(*, delivery: Delivery, reason: str | None, at: datetime) -> None:
    """The service refused to send. Only reasons about the address suppress it; a
    refusal for the service's own reasons (policy, account) is no reader's fault."""
    if reason in (RejectReason.BOUNCED, RejectReason.INVALID):
        record_hard_bounce(delivery=delivery, at=at)
    elif reason == RejectReason.SPAM:
        _record_complaint(delivery=delivery, at=at)
    elif reason == RejectReason.UNSUBSCRIBED:
        subscriptions.unsubscribe(subscriber_id=delivery.subscriber_id, issue_id=delivery.issue_id)


def _record_complaint(*, delivery: Delivery, at: datetime) -> None:
    Delivery.objects.filter(pk=delivery.pk, complained_at__isnull=True).update(complained_at=at)
    suppress(delivery.subscriber.email, reason=Subscriber.Status.COMPLAINED, at=at)
