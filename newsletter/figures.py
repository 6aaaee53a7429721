"""Editors' figures: what became of each issue's e-mails, and of each newsletter's.

An issue's figures are counts over its `Delivery` rows, taken for a whole list of
issues in one query (`with_issue_figures`); a newsletter's are its subscribers by state
and the same counts over all its issues, all time and in the last 30 days. Opens and
clicks are counted only when NEWSLETTER_TRACKING is on.

"Delivered" is known only when an e-mail service reports it (its webhooks set
`Delivery.delivered_at`); our own SMTP server only says it took a message. So an issue
without any report shows "delivered" as unknown (None), not as 0.
"""

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsletter.models import BounceType, Delivery, Issue, Newsletter, Subscriber

RECENT_DAYS = 30


@dataclass(frozen=True)
class DeliveryFigures:
    sent: int
    delivered: int | None  # None: no e-mail service reported any delivery
    bounced: int
    hard_bounced: int
    soft_bounced: int
    complained: int
    unsubscribed: int
    failed: int
    queued: int
    skipped: int
    unknown: int  # left `sending` by an interrupted sender
    opened: int | None = None  # None: NEWSLETTER_TRACKING is off
    clicked: int | None = None

    @property
    def tried(self) -> int:
        """Messages offered to recipients' servers: taken (sent) or refused (failed)."""
        return self.sent + self.failed

    @property
    def bounce_rate(self) -> float | None:
        """Bounced ÷ tried, in %: what mailbox providers judge a sender by first."""
        return _percent(self.bounced, self.tried)

    @property
    def complaint_rate(self) -> float | None:
        """Marked as spam ÷ sent, in %."""
        return _percent(self.complained, self.sent)


@dataclass(frozen=True)
class NewsletterFigures:
    subscribers: dict[str, int]  # state (SUBSCRIBER_STATES) → how many
    all_time: DeliveryFigures
    recent: DeliveryFigures  # issues of the last RECENT_DAYS days
    issues: int
    last_sent_at: datetime | None


SUBSCRIBER_STATES = ["receiving", "paused", "pending", "unsubscribed", "bounced", "complained"]


def tracking() -> bool:
    return settings.NEWSLETTER_TRACKING


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def _counts(path: str = "", *, within: Q | None = None) -> dict[str, Count]:
    """Count expressions for each figure over deliveries reached through `path`
    ("" from Delivery, "deliveries__" from Issue), restricted to `within` if given (a
    condition on Delivery's own fields, so with path "")."""

    def count(**lookups) -> Count:
        condition = Q(**{f"{path}{lookup}": value for lookup, value in lookups.items()})
        return Count(f"{path}pk", filter=condition & within if within else condition)

    status = Delivery.Status
    counts = {
        "sent": count(status=status.SENT),
        "delivered": count(delivered_at__isnull=False),
        "bounced": count(bounced_at__isnull=False),
        "hard_bounced": count(bounced_at__isnull=False, bounce_type=BounceType.HARD),
        "soft_bounced": count(bounced_at__isnull=False, bounce_type=BounceType.SOFT),
        "complained": count(complained_at__isnull=False),
        "unsubscribed": count(unsubscribed_at__isnull=False),
        "failed": count(status=status.FAILED),
        "queued": count(status__in=[status.PENDING, status.CLAIMED]),
        "skipped": count(status=status.SKIPPED),
        "unknown": count(status=status.SENDING),
    }
    if tracking():
        counts["opened"] = count(opened_at__isnull=False)
        counts["clicked"] = count(clicked_at__isnull=False)
    return counts


def _figures(values: dict[str, int], prefix: str = "") -> DeliveryFigures:
    found = {
        field.name: values[f"{prefix}{field.name}"]
        for field in fields(DeliveryFigures)
        if f"{prefix}{field.name}" in values
    }
    found["delivered"] = found["delivered"] or None
    return DeliveryFigures(**found)


ISSUE_PREFIX = "figure_"


def with_issue_figures(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    """`issues` with their delivery counts, in the same query; read them with
    `issue_figures`."""
    return issues.annotate(
        **{
            f"{ISSUE_PREFIX}{name}": expression
            for name, expression in _counts("deliveries__").items()
        }
    )


def issue_figures(issue: Issue) -> DeliveryFigures:
    """The figures of an issue loaded through `with_issue_figures` (one query more
    for an issue loaded without them)."""
    if not hasattr(issue, f"{ISSUE_PREFIX}sent"):
        issue = with_issue_figures(Issue.objects.filter(pk=issue.pk)).get()
    return _figures(vars(issue), ISSUE_PREFIX)


def _subscriber_counts(newsletter: Newsletter, *, now: datetime) -> dict[str, int]:
    """Subscribers by state. A confirmed subscriber is paused or receiving; paused is
    `Subscriber.is_paused`, receiving is the rest, as `Subscriber.objects.receiving`."""
    status = Subscriber.Status
    confirmed = Q(status=status.CONFIRMED)
    paused = (
        confirmed & Q(paused_at__isnull=False) & (Q(resume_at__isnull=True) | Q(resume_at__gt=now))
    )
    counts = newsletter.subscribers.aggregate(
        confirmed=Count("pk", filter=confirmed),
        paused=Count("pk", filter=paused),
        pending=Count("pk", filter=Q(status=status.PENDING)),
        unsubscribed=Count("pk", filter=Q(status=status.UNSUBSCRIBED)),
        bounced=Count("pk", filter=Q(status=status.BOUNCED)),
        complained=Count("pk", filter=Q(status=status.COMPLAINED)),
    )
    counts["receiving"] = counts.pop("confirmed") - counts["paused"]
    return {state: counts[state] for state in SUBSCRIBER_STATES}


def newsletter_figures(newsletter: Newsletter, *, now: datetime | None = None) -> NewsletterFigures:
    """A newsletter's subscribers by state, and what became of its issues' e-mails, all
    time and over the issues of the last RECENT_DAYS days. Three queries."""
    now = now or timezone.now()
    recent = Q(issue__created_at__gte=now - timedelta(days=RECENT_DAYS))
    values = Delivery.objects.filter(issue__newsletter=newsletter).aggregate(
        **_counts(),
        **{f"recent_{name}": expression for name, expression in _counts(within=recent).items()},
    )
    issues = newsletter.issues.aggregate(count=Count("pk"), last_sent_at=Max("sent_at"))
    return NewsletterFigures(
        subscribers=_subscriber_counts(newsletter, now=now),
        all_time=_figures(values),
        recent=_figures(values, "recent_"),
        issues=issues["count"],
        last_sent_at=issues["last_sent_at"],
    )


def _count_of(rows: QuerySet) -> Coalesce:
    """How many of `rows` (filtered on OuterRef("pk") of a newsletter) as a subquery."""
    counted = rows.order_by().values("newsletter").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_newsletter_summary(newsletters: QuerySet[Newsletter]) -> QuerySet[Newsletter]:
    """`newsletters` with `receiving_count` (subscribers an issue would go to now),
    `issue_count` and `last_sent_at`, in the same query (subqueries, so the counts do
    not multiply each other)."""
    mine = {"newsletter": OuterRef("pk")}
    last_sent = Issue.objects.filter(**mine, sent_at__isnull=False).order_by("-sent_at")
    return newsletters.annotate(
        receiving_count=_count_of(Subscriber.objects.receiving().filter(**mine)),
        issue_count=_count_of(Issue.objects.filter(**mine)),
        last_sent_at=Subquery(last_sent.values("sent_at")[:1]),
    )
