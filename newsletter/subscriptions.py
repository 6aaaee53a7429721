"""Subscriptions: the sign-up (double opt-in), confirmation and unsubscribe.

A sign-up reaches `subscribe` and `send_confirmation` through the background task
`newsletter.tasks.record_signup`; the confirm and unsubscribe views and the admin call
the rest directly. The preferences page changes several subscriptions of one address
at once through `newsletter.preferences`.
"""

import enum
import smtplib
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Q, When
from django.db.models.functions import Lower
from django.utils import timezone

from newsletter import emails
from newsletter.models import Delivery, Newsletter, Subscriber
from newsroom.editions import edition_language


class ConfirmationNotSent(Exception):
    """The mail server did not take the confirmation e-mail; signing up again retries."""


def default_newsletter_slug() -> str:
    return settings.NEWSLETTER_DEFAULT_SLUG


def edition_newsletters(language: str | None = None) -> list[Newsletter]:
    """The newsletters of an edition (`language`, by default the active one), its
    default first: the one the sign-up boxes on its pages join.

    That is NEWSLETTER_DEFAULT_SLUG's when it is in this language, else the edition's
    oldest. A data migration makes one per edition; should an edition have none
    (deleted, or a flushed test database), one is made again rather than turning
    every sign-up into an error.
    """
    language = language or edition_language()
    newsletters = list(
        Newsletter.objects.filter(language=language).order_by(
            Case(When(slug=default_newsletter_slug(), then=0), default=1), "created_at", "pk"
        )
    )
    if newsletters:
        return newsletters
    slug = default_newsletter_slug()
    if language != settings.LANGUAGE_CODE:
        slug = f"{slug}-{language}"
    newsletter, _created = Newsletter.objects.get_or_create(
        slug=slug,
        defaults={"name": slug.replace("-", " ").title(), "language": language},
    )
    return [newsletter]


def default_newsletter(language: str | None = None) -> Newsletter:
    """The newsletter the sign-up boxes of an edition join (the default language's
    edition unless `language` is given)."""
    return edition_newsletters(language or settings.LANGUAGE_CODE)[0]


def offered_newsletters(language: str | None = None) -> list[Newsletter]:
    """The newsletters readers of edition `language` may choose (`is_public`), its
    default first."""
    return [newsletter for newsletter in edition_newsletters(language) if newsletter.is_public]


def signup_newsletters(*, language: str | None, slugs: Sequence[str] = ()) -> list[Newsletter]:
    """The newsletters a sign-up on edition `language` joins: those of `slugs` it still
    offers, or (with none, or none still offered) the edition's default."""
    newsletters = edition_newsletters(language or settings.LANGUAGE_CODE)
    chosen = [n for n in newsletters if n.slug in slugs and n.is_public]
    return chosen or newsletters[:1]


def find_subscriber(*, newsletter: Newsletter, email: str) -> Subscriber | None:
    """The subscriber with this address, whatever its case (uses the Lower(email) index)."""
    return (
        Subscriber.objects.alias(email_lower=Lower("email"))
        .filter(newsletter=newsletter, email_lower=email.lower())
        .first()
    )


def subscribe(
    *, email: str, source: str = "", newsletter: Newsletter | None = None
) -> Subscriber | None:
    """Record a sign-up; return the subscriber if a confirmation e-mail is now due.

    Run after the sign-up has been answered (`newsletter.tasks.record_signup`), since
    the work differs for new, pending and confirmed addresses. A confirmed address
    needs no mail; a pending one gets at most one confirmation per
    NEWSLETTER_CONFIRMATION_RESEND_SECONDS; an unsubscribed or bounced one returns to
    pending, since its owner asked again, and receives no issue until they confirm.
    """
    newsletter = newsletter or default_newsletter()
    now = timezone.now()
    resend_after = timedelta(seconds=settings.NEWSLETTER_CONFIRMATION_RESEND_SECONDS)
    with transaction.atomic():
        subscriber = find_subscriber(newsletter=newsletter, email=email)
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        newsletter=newsletter, email=email, source=source
                    )
            except IntegrityError:
                return None  # The same address signed up at the same moment; that one mails.
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return None
        if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < resend_after:
            return None
        claimed = (
            Subscriber.objects.filter(pk=subscriber.pk)
            .filter(
                Q(confirmation_sent_at__isnull=True)
                | Q(confirmation_sent_at__lte=now - resend_after)
            )
            .exclude(status=Subscriber.Status.CONFIRMED)
            .update(status=Subscriber.Status.PENDING, confirmation_sent_at=now)
        )
        if not claimed:
            return None  # Another request is sending it.
        subscriber.refresh_from_db()
    return subscriber


def send_confirmation(*, subscribers: Sequence[Subscriber]) -> None:
    """Mail one confirmation link for `subscribers` (one address, the newsletters of
    one sign-up). If the mail server refuses, their throttle is lifted so that signing
    up again sends it, and ConfirmationNotSent is raised."""
    try:
        emails.confirmation_message(*subscribers).send()
    except (smtplib.SMTPException, OSError) as error:
        for subscriber in subscribers:
            Subscriber.objects.filter(
                pk=subscriber.pk, confirmation_sent_at=subscriber.confirmation_sent_at
            ).update(confirmation_sent_at=None)
        raise ConfirmationNotSent from error


class ConfirmOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    UNSUBSCRIBED = "unsubscribed"
    NOT_FOUND = "not_found"


def confirm(*, subscriber_ids: Sequence[int]) -> ConfirmOutcome:
    """Confirm the pending subscribers of one confirmation link. An unsubscribed or
    bounced one stays so: an old confirmation link must not undo a later unsubscribe.

    The outcome is the best of theirs: CONFIRMED if this confirmed any, else
    ALREADY_CONFIRMED if any was, else UNSUBSCRIBED if any is left, else NOT_FOUND.
    """
    updated = Subscriber.objects.filter(
        pk__in=subscriber_ids, status=Subscriber.Status.PENDING
    ).update(status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now())
    if updated:
        return ConfirmOutcome.CONFIRMED
    statuses = set(
        Subscriber.objects.filter(pk__in=subscriber_ids).values_list("status", flat=True)
    )
    if not statuses:
        return ConfirmOutcome.NOT_FOUND
    if Subscriber.Status.CONFIRMED in statuses:
        return ConfirmOutcome.ALREADY_CONFIRMED
    return ConfirmOutcome.UNSUBSCRIBED


def unsubscribe(*, subscriber_id: int, issue_id: int | None = None) -> bool:
    """Unsubscribe from this one newsletter for good (the row stays as a suppression
    record); with `issue_id`, count it in that issue's figures. False if no such
    subscriber; unsubscribing twice is fine."""
    now = timezone.now()
    left = (
        Subscriber.objects.filter(pk=subscriber_id)
        .exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now)
    )
    if left and issue_id is not None:
        Delivery.objects.filter(
            issue_id=issue_id, subscriber_id=subscriber_id, unsubscribed_at__isnull=True
        ).update(unsubscribed_at=now)
    return Subscriber.objects.filter(pk=subscriber_id).exists()


def status_counts(*, queryset=None) -> dict[str, int]:
    """Number of subscribers in each status, in one query."""
    queryset = Subscriber.objects.all() if queryset is None else queryset
    counts = queryset.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Subscriber.Status.values}
    )
    return {status: counts[status] for status in Subscriber.Status.values}
