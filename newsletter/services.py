"""Newsletter work: sign up, confirm, unsubscribe, build and send issues.

Views, admin actions and the `send_newsletter` command all call these functions.
"""

import enum
import logging
import smtplib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby
from operator import attrgetter

from django import db
from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article
from newsletter import emails, transport
from newsletter.models import Delivery, Issue, Newsletter, Subscriber

logger = logging.getLogger(__name__)

CADENCE_PERIODS = {
    Newsletter.Cadence.DAILY: timedelta(days=1),
    Newsletter.Cadence.WEEKLY: timedelta(days=7),
}


class ConfirmationNotSent(Exception):
    """The mail server did not take the confirmation e-mail; signing up again retries."""


def default_newsletter_slug() -> str:
    return settings.NEWSLETTER_DEFAULT_SLUG


def default_newsletter() -> Newsletter:
    """The newsletter the sign-up boxes join. A data migration creates it; should it be
    missing (deleted, or a flushed test database), it is made again rather than
    turning every sign-up into an error."""
    slug = default_newsletter_slug()
    newsletter, _created = Newsletter.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").title()}
    )
    return newsletter


def find_subscriber(*, newsletter: Newsletter, email: str) -> Subscriber | None:
    """The subscriber with this address, whatever its case (uses the Lower(email) index)."""
    return (
        Subscriber.objects.alias(email_lower=Lower("email"))
        .filter(newsletter=newsletter, email_lower=email.lower())
        .first()
    )


# --- Sign-up, confirmation, unsubscribe --------------------------------------------


def subscribe(
    *, email: str, source: str = "", newsletter: Newsletter | None = None
) -> Subscriber | None:
    """Record a sign-up; return the subscriber if a confirmation e-mail is now due.

    The caller must answer the same whatever this returns (no hint whether the address
    was new, pending or confirmed), and should call this and `send_confirmation` after
    the answer has gone out, so that not even the time taken tells. A confirmed address
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


def send_confirmation(*, subscriber: Subscriber) -> None:
    """Mail the confirmation link. If the mail server refuses, the throttle is lifted
    so that signing up again sends it, and ConfirmationNotSent is raised."""
    try:
        emails.confirmation_message(subscriber).send()
    except (smtplib.SMTPException, OSError) as error:
        logger.exception("Confirmation e-mail to subscriber %s failed", subscriber.pk)
        Subscriber.objects.filter(
            pk=subscriber.pk, confirmation_sent_at=subscriber.confirmation_sent_at
        ).update(confirmation_sent_at=None)
        raise ConfirmationNotSent from error


class ConfirmOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    UNSUBSCRIBED = "unsubscribed"
    NOT_FOUND = "not_found"


def confirm(*, subscriber_id: int) -> ConfirmOutcome:
    """Confirm a pending subscriber. An unsubscribed or bounced one stays so: an old
    confirmation link must not undo a later unsubscribe."""
    updated = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    if updated:
        return ConfirmOutcome.CONFIRMED
    status = Subscriber.objects.filter(pk=subscriber_id).values_list("status", flat=True).first()
    if status is None:
        return ConfirmOutcome.NOT_FOUND
    if status == Subscriber.Status.CONFIRMED:
        return ConfirmOutcome.ALREADY_CONFIRMED
    return ConfirmOutcome.UNSUBSCRIBED


def unsubscribe(*, subscriber_id: int) -> bool:
    """Unsubscribe for good (the row stays as a suppression record). False if no such
    subscriber; unsubscribing twice is fine."""
    Subscriber.objects.filter(pk=subscriber_id).exclude(
        status=Subscriber.Status.UNSUBSCRIBED
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    return Subscriber.objects.filter(pk=subscriber_id).exists()


def status_counts(*, queryset=None) -> dict[str, int]:
    """Number of subscribers in each status, in one query."""
    queryset = Subscriber.objects.all() if queryset is None else queryset
    counts = queryset.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Subscriber.Status.values}
    )
    return {status: counts[status] for status in Subscriber.Status.values}


# --- Building an issue ---------------------------------------------------------------


@dataclass
class IssuePlan:
    newsletter: Newsletter
    subject: str
    since: datetime
    until: datetime
    articles: list
    recipients: int
    previous_issue_id: int | None


def plan_issue(*, newsletter: Newsletter, now: datetime | None = None) -> IssuePlan:
    """What the next issue would carry: stories published after the previous issue's
    cut-off (or within one cadence period for the first issue), newest first."""
    until = now or timezone.now()
    previous = newsletter.issues.order_by("-covers_until").first()
    since = previous.covers_until if previous else until - CADENCE_PERIODS[newsletter.cadence]
    articles = list(
        Article.objects.published_since(since)
        .filter(publish_at__lte=until)
        .select_related("primary_section", "featured_image")
        .order_by("-publish_at", "-pk")[: settings.NEWSLETTER_MAX_ARTICLES]
    )
    subject = _("%(name)s — %(date)s") % {
        "name": newsletter.name,
        "date": date_format(timezone.localtime(until), "j F Y"),
    }
    recipients = newsletter.subscribers.filter(status=Subscriber.Status.CONFIRMED).count()
    previous_id = previous.pk if previous else None
    return IssuePlan(newsletter, subject, since, until, articles, recipients, previous_id)


def unfinished_issue(*, newsletter: Newsletter) -> Issue | None:
    """An issue whose sending was interrupted, to be finished before a new one."""
    return newsletter.issues.filter(sent_at__isnull=True).order_by("created_at").first()


def create_issue(*, plan: IssuePlan, chunk_size: int = 2000) -> Issue:
    """Store the issue and one pending delivery per confirmed subscriber, atomically.

    Subscribers are read in primary-key chunks so memory stays flat however many
    there are. If another run stored an issue since `plan` was made (two overlapping
    cron runs), that issue is returned instead, so the stories go out once.
    """
    html_body, text_body = emails.render_issue_bodies(
        newsletter=plan.newsletter, subject=plan.subject, articles=plan.articles
    )
    with transaction.atomic():
        Newsletter.objects.select_for_update().get(pk=plan.newsletter.pk)  # one builder at a time
        latest = plan.newsletter.issues.order_by("-covers_until").first()
        if latest is not None and latest.pk != plan.previous_issue_id:
            return latest
        issue = Issue.objects.create(
            newsletter=plan.newsletter,
            subject=plan.subject,
            covers_until=plan.until,
            html_body=html_body,
            text_body=text_body,
        )
        issue.articles.set(plan.articles)
        confirmed = Subscriber.objects.filter(
            newsletter=plan.newsletter, status=Subscriber.Status.CONFIRMED
        ).order_by("pk")
        last_pk = 0
        ids = confirmed.values_list("pk", flat=True)
        while chunk := list(ids.filter(pk__gt=last_pk)[:chunk_size]):
            Delivery.objects.bulk_create(
                [Delivery(issue=issue, subscriber_id=pk) for pk in chunk], ignore_conflicts=True
            )
            last_pk = chunk[-1]
    return issue


# --- Sending an issue ----------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


class SendInterrupted(Exception):
    """The mail server went away mid-run. The untried deliveries are back in the
    queue; one whose content was on the wire when the connection broke stays
    `sending`."""


def _is_connection_failure(error: Exception) -> bool:
    """Errors that say nothing about one recipient, only that sending cannot go on."""
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    return isinstance(error, smtplib.SMTPException | OSError)


def _is_bounce(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return False


def _stale_before() -> datetime:
    """Rows claimed before this belong to a sender that died (or hung)."""
    return timezone.now() - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT_SECONDS)


def release_stale_claims(*, issue: Issue) -> int:
    """Give back rows claimed by a sender that died before trying them."""
    return Delivery.objects.filter(
        issue=issue, status=Delivery.Status.CLAIMED, claimed_at__lte=_stale_before()
    ).update(status=Delivery.Status.PENDING, claimed_at=None)


def _claim_batch(*, issue: Issue, size: int) -> list[Delivery]:
    """Take up to `size` pending deliveries for this sender.

    On PostgreSQL, `skip_locked` lets several senders share an issue without waiting on
    or taking each other's rows; SQLite runs one writer at a time anyway.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(issue=issue, status=Delivery.Status.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CLAIMED, claimed_at=now
        )
    return _claimed(ids=ids, at=now)


def _claimed(*, ids: list[int], at: datetime) -> list[Delivery]:
    """The rows of `ids` this sender claimed at `at`, ready for `_send_batch`."""
    return list(
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.CLAIMED, claimed_at=at)
        .select_related("subscriber")
        .only("pk", "issue_id", "subscriber__id", "subscriber__email", "subscriber__status")
        .order_by("issue_id", "pk")
    )


def _mark(delivery: Delivery, status: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(status=status, **fields)


def _mark_sending(delivery: Delivery, *, accepted: Delivery | None) -> None:
    """Mark `delivery` as on the wire and, in the same statement, the previous message
    the server accepted as sent: one commit per message instead of two."""
    if accepted is None:
        _mark(delivery, Delivery.Status.SENDING)
        return
    is_accepted = Q(pk=accepted.pk)
    Delivery.objects.filter(pk__in=[accepted.pk, delivery.pk]).update(
        status=Case(
            When(is_accepted, then=Value(Delivery.Status.SENT)),
            default=Value(Delivery.Status.SENDING),
        ),
        sent_at=Case(When(is_accepted, then=Value(timezone.now())), default=F("sent_at")),
    )


def _send_batch(*, issue: Issue, batch: list[Delivery], report: SendReport) -> None:
    """Send a batch over one SMTP connection, recording each delivery as it goes.

    A delivery stays `claimed` while the server is told the sender and recipient (it
    cannot have the message yet) and is marked `sending` (committed) right before the
    content goes out. Once the server accepts it, it is marked `sent` together with
    the next delivery's `sending` mark, or at the end of the batch. So a sender killed
    at any moment leaves `claimed` rows, which a later run sends, and at most one
    `sending` row, whose fate nobody knows (see `resend_interrupted`). A refusal marks
    the row `failed`; a server that goes away before taking the content returns it to
    `pending`.
    """
    connection = get_connection(fail_silently=False)
    accepted = None  # the last delivery the server took, not yet marked sent
    try:
        connection.open()
        for delivery in batch:
            subscriber = delivery.subscriber
            if subscriber.status != Subscriber.Status.CONFIRMED:
                _mark(delivery, Delivery.Status.SKIPPED)
                report.skipped += 1
                continue
            message = emails.issue_message(
                issue=issue, subscriber=subscriber, connection=connection
            )
            try:
                content = transport.send_envelope(connection, message)
                _mark_sending(delivery, accepted=accepted)
                accepted = None
                transport.send_content(connection, message, content)
            except transport.OutcomeUnknown as error:
                raise SendInterrupted(str(error)) from error  # the row stays `sending`
            except (smtplib.SMTPException, OSError) as error:
                if _is_connection_failure(error):
                    _mark(delivery, Delivery.Status.PENDING, claimed_at=None)
                    raise SendInterrupted(str(error)) from error
                _mark(delivery, Delivery.Status.FAILED, error=str(error)[:2000])
                if _is_bounce(error):
                    Subscriber.objects.filter(pk=subscriber.pk).update(
                        status=Subscriber.Status.BOUNCED, bounced_at=timezone.now()
                    )
                report.failed += 1
                continue
            accepted = delivery
            report.sent += 1
    except (smtplib.SMTPException, OSError) as error:
        raise SendInterrupted(str(error)) from error
    finally:
        if accepted is not None:
            _mark(accepted, Delivery.Status.SENT, sent_at=timezone.now())
        Delivery.objects.filter(
            pk__in=[delivery.pk for delivery in batch], status=Delivery.Status.CLAIMED
        ).update(status=Delivery.Status.PENDING, claimed_at=None)
        connection.close()


def _send_pending(*, issue: Issue, batch_size: int) -> SendReport:
    report = SendReport()
    while batch := _claim_batch(issue=issue, size=batch_size):
        _send_batch(issue=issue, batch=batch, report=report)
    return report


def _send_in_threads(*, issue: Issue, batch_size: int, workers: int) -> SendReport:
    """Several senders, each with its own database and SMTP connections, sharing the
    queue through `_claim_batch`. They overlap the waits (SMTP replies, commits) that
    bound a single sender."""

    def work() -> SendReport:
        try:
            return _send_pending(issue=issue, batch_size=batch_size)
        finally:
            db.connections.close_all()  # this thread's connections only

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsletter") as pool:
        futures = [pool.submit(work) for _worker in range(workers)]
    total = SendReport()
    for future in futures:
        report = future.result()  # re-raises a worker's SendInterrupted
        total.sent += report.sent
        total.failed += report.failed
        total.skipped += report.skipped
    return total


def send_issue(*, issue: Issue, batch_size: int | None = None, workers: int = 1) -> SendReport:
    """Send every pending delivery of `issue`, batch by batch. Safe to re-run, and safe
    to run in several processes at once (each claims its own batches)."""
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    issue = Issue.objects.select_related("newsletter").get(pk=issue.pk)
    release_stale_claims(issue=issue)
    # An in-memory SQLite database (the test database) cannot take writes from threads.
    in_memory = db.connection.vendor == "sqlite" and db.connection.is_in_memory_db()
    if workers > 1 and not in_memory:
        report = _send_in_threads(issue=issue, batch_size=batch_size, workers=workers)
    else:
        report = _send_pending(issue=issue, batch_size=batch_size)
    unfinished = issue.deliveries.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.CLAIMED]
    ).exists()
    if not unfinished:
        Issue.objects.filter(pk=issue.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return report


def interrupted_deliveries(*, newsletter: Newsletter) -> QuerySet[Delivery]:
    """Deliveries left `sending` by a sender that stopped after handing the message
    to the mail server and before recording its answer: the reader may have it or
    not. Rows a running sender holds (claimed within NEWSLETTER_CLAIM_TIMEOUT_SECONDS)
    are left out."""
    return (
        Delivery.objects.filter(
            issue__newsletter=newsletter,
            status=Delivery.Status.SENDING,
            claimed_at__lte=_stale_before(),
        )
        .select_related("issue", "subscriber")
        .order_by("issue_id", "pk")
    )


def resend_interrupted(*, newsletter: Newsletter) -> SendReport:
    """Send the interrupted deliveries again, each with the Message-ID it had before,
    so that a provider which did take the first attempt can drop the repeat."""
    now = timezone.now()
    ids = list(interrupted_deliveries(newsletter=newsletter).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.CLAIMED, claimed_at=now
    )
    claimed = _claimed(ids=ids, at=now)
    issues = Issue.objects.select_related("newsletter").in_bulk({d.issue_id for d in claimed})
    report = SendReport()
    for issue_id, batch in groupby(claimed, key=attrgetter("issue_id")):
        _send_batch(issue=issues[issue_id], batch=list(batch), report=report)
    return report


def delivery_counts(*, issue: Issue) -> dict[str, int]:
    counts = issue.deliveries.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Delivery.Status.values}
    )
    return {status: counts[status] for status in Delivery.Status.values}


def send_test_issue(*, issue: Issue, to: str) -> None:
    """Mail the issue to one address (an editor's), outside any subscriber list."""
    emails.sample_issue_message(issue=issue, to=to).send()
