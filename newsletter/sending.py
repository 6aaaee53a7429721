"""Sending an issue's deliveries: claim batches, send each over one SMTP connection
(`newsletter.transport` splits a message where the server could first accept it),
record every outcome, and resend the few whose outcome a crash left unknown.

A recipient refused for good (SMTP 5xx, or the e-mail service's refusal) is a hard
bounce; one refused for now (4xx: mailbox full, greylisting) goes back to the queue
for another try at `retry_at`, NEWSLETTER_SOFT_BOUNCE_RETRIES times, and is a soft
bounce after that. `newsletter.deliverability` decides what each bounce means for the
address.
"""

import smtplib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby
from operator import attrgetter

from anymail.exceptions import AnymailError, AnymailInvalidAddress, AnymailRecipientsRefused
from django import db
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from newsletter import deliverability, emails, transport
from newsletter.models import BounceType, Delivery, Issue, Newsletter, Subscriber


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0  # refused for now, to be tried again at their retry_at


class SendInterrupted(Exception):
    """The mail server went away mid-run. The untried deliveries are back in the
    queue; one whose content was on the wire when the connection broke stays
    `sending`."""


# Answers of an e-mail service's API about one message (its content or address),
# not about the service: the message fails, the run goes on.
_MESSAGE_REFUSED_HTTP_STATUSES = {400, 413, 422}


def _is_connection_failure(error: Exception) -> bool:
    """Errors that say nothing about one recipient, only that sending cannot go on."""
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    if isinstance(error, smtplib.SMTPRecipientsRefused | AnymailRecipientsRefused):
        return False
    if isinstance(error, AnymailInvalidAddress):
        return False
    if isinstance(error, AnymailError):
        # The service answered 401/403/429/5xx…, or could not be reached, or
        # anymail is not set up for it: nothing was sent, try again later.
        return error.status_code not in _MESSAGE_REFUSED_HTTP_STATUSES
    return isinstance(error, smtplib.SMTPException | OSError)


def _bounce_type(error: Exception) -> str | None:
    """HARD if the recipient's address was refused for good, SOFT if refused for
    now (SMTP 4xx to RCPT or DATA), None if the refusal was not about the recipient
    (a message the server would not take)."""
    if isinstance(error, AnymailRecipientsRefused):
        return BounceType.HARD
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            return BounceType.HARD
        if codes and all(400 <= code < 500 for code in codes):
            return BounceType.SOFT
        return None
    if isinstance(error, smtplib.SMTPDataError) and 400 <= error.smtp_code < 500:
        return BounceType.SOFT
    return None


def _describe(error: Exception) -> str:
    """The error to keep on the delivery: the server's words, without the reader's
    address (smtplib names each refused recipient)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for code, reply in error.recipients.values()
        )
    return str(error)[:2000]


def _retry_later(delivery: Delivery, *, error: Exception) -> bool:
    """Put a delivery refused for now back in the queue until its `retry_at`
    (NEWSLETTER_SOFT_BOUNCE_RETRY_SECONDS, doubling with each try); False once its
    NEWSLETTER_SOFT_BOUNCE_RETRIES retries are spent."""
    attempts = delivery.attempts + 1
    if attempts > settings.NEWSLETTER_SOFT_BOUNCE_RETRIES:
        return False
    wait = settings.NEWSLETTER_SOFT_BOUNCE_RETRY_SECONDS * 2 ** (attempts - 1)
    _mark(
        delivery,
        Delivery.Status.PENDING,
        claimed_at=None,
        attempts=attempts,
        retry_at=timezone.now() + timedelta(seconds=wait),
        error=_describe(error),
    )
    return True


def _record_refusal(
    delivery: Delivery, *, issue: Issue, error: Exception, report: SendReport
) -> None:
    """The server (or service) refused this recipient or this message: try again
    later, or mark it failed and let `deliverability` learn from the bounce.

    Only an issue still going out waits for retries: one already finished (an
    interrupted delivery sent again by the operator) is not run again.
    """
    bounce = _bounce_type(error)
    may_retry = issue.sent_at is None
    if bounce == BounceType.SOFT and may_retry and _retry_later(delivery, error=error):
        report.deferred += 1
        return
    now = timezone.now()
    attempts = delivery.attempts + 1 if bounce == BounceType.SOFT else delivery.attempts
    _mark(delivery, Delivery.Status.FAILED, error=_describe(error), attempts=attempts)
    if bounce == BounceType.HARD:
        deliverability.record_hard_bounce(delivery=delivery, at=now)
    elif bounce == BounceType.SOFT:
        deliverability.record_soft_bounce(delivery=delivery, at=now)
    report.failed += 1


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
            .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
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
        .only(
            "pk",
            "issue_id",
            "attempts",
            "subscriber__id",
            "subscriber__email",
            "subscriber__status",
            "subscriber__paused_at",
            "subscriber__resume_at",
        )
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
    the row `failed` (or, for a refusal "for now", returns it to `pending` until its
    `retry_at`); a server that goes away before taking the content returns it to
    `pending`.
    """
    connection = get_connection(fail_silently=False)
    accepted = None  # the last delivery the server took, not yet marked sent
    try:
        connection.open()
        for delivery in batch:
            subscriber = delivery.subscriber
            if subscriber.status != Subscriber.Status.CONFIRMED or subscriber.is_paused:
                _mark(delivery, Delivery.Status.SKIPPED)
                report.skipped += 1
                continue
            message = emails.issue_message(
                issue=issue, subscriber=subscriber, delivery=delivery, connection=connection
            )
            try:
                content = transport.send_envelope(connection, message)
                _mark_sending(delivery, accepted=accepted)
                accepted = None
                transport.send_content(connection, message, content)
            except transport.OutcomeUnknown as error:
                raise SendInterrupted(str(error)) from error  # the row stays `sending`
            except (smtplib.SMTPException, OSError, AnymailError) as error:
                if _is_connection_failure(error):
                    _mark(delivery, Delivery.Status.PENDING, claimed_at=None)
                    raise SendInterrupted(str(error)) from error
                _record_refusal(delivery, issue=issue, error=error, report=report)
                continue
            accepted = delivery
            report.sent += 1
    except (smtplib.SMTPException, OSError, AnymailError) as error:
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
        total.deferred += report.deferred
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
