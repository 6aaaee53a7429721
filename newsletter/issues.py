"""Issues: what the next digest carries, and storing it with one delivery per
confirmed subscriber. `newsletter.sending` then sends the deliveries.

A newsletter gets at most one issue per cadence period (a day, a week, in
`TIME_ZONE`): every app server may run the timer, and a server that was off at send
time catches up later, but only the first run of a period builds an issue.
"""

import operator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article
from newsletter import emails
from newsletter.models import Delivery, Issue, Newsletter, Subscriber

CADENCE_PERIODS = {
    Newsletter.Cadence.DAILY: timedelta(days=1),
    Newsletter.Cadence.WEEKLY: timedelta(days=7),
}


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
    """What the next issue would carry: stories of its edition published after the
    previous issue's cut-off (or within one cadence period for the first issue) that
    it covers (`covered_stories`), newest first; its subject in its language."""
    until = now or timezone.now()
    previous = _latest_issue(newsletter)
    since = previous.covers_until if previous else until - CADENCE_PERIODS[newsletter.cadence]
    stories = Article.objects.published_since(since).in_edition(newsletter.language)
    covered = covered_stories(newsletter)
    if covered is not None:
        stories = stories.filter(pk__in=covered.values("pk"))
    articles = list(
        stories.filter(publish_at__lte=until)
        .select_related("primary_section", "featured_image")
        .order_by("-publish_at", "-pk")[: settings.NEWSLETTER_MAX_ARTICLES]
    )
    with translation.override(newsletter.language):
        subject = _("%(name)s — %(date)s") % {
            "name": newsletter.name,
            "date": date_format(timezone.localtime(until), "j F Y"),
        }
    recipients = newsletter.subscribers.receiving(now=until).count()
    previous_id = previous.pk if previous else None
    return IssuePlan(newsletter, subject, since, until, articles, recipients, previous_id)


def covered_stories(newsletter: Newsletter) -> QuerySet[Article] | None:
    """The stories a newsletter is about, whatever their status: those filed in one of
    its sections or a section below one (as primary or secondary section), or tagged
    with one of its tags. None when it names neither: it covers every story."""
    sections = list(newsletter.sections.all())
    tag_ids = list(newsletter.tags.values_list("pk", flat=True))
    parts = [Article.objects.in_section(section) for section in sections]
    if tag_ids:
        parts.append(Article.objects.filter(tags__in=tag_ids))
    return reduce(operator.or_, parts) if parts else None


def period_start(*, newsletter: Newsletter, moment: datetime) -> date:
    """The first day (in `TIME_ZONE`) of the cadence period `moment` falls in: that day
    for a daily newsletter, its Monday for a weekly one."""
    day = timezone.localdate(moment)
    if newsletter.cadence == Newsletter.Cadence.WEEKLY:
        return day - timedelta(days=day.weekday())
    return day


def _latest_issue(newsletter: Newsletter) -> Issue | None:
    return newsletter.issues.order_by("-covers_until").first()


def _of_period(issue: Issue | None, *, newsletter: Newsletter, now: datetime) -> bool:
    return issue is not None and period_start(
        newsletter=newsletter, moment=issue.covers_until
    ) == period_start(newsletter=newsletter, moment=now)


def issue_of_period(*, newsletter: Newsletter, now: datetime) -> Issue | None:
    """The issue already built in the period `now` falls in, if any."""
    latest = _latest_issue(newsletter)
    return latest if _of_period(latest, newsletter=newsletter, now=now) else None


def unfinished_issue(*, newsletter: Newsletter) -> Issue | None:
    """An issue whose sending was interrupted, to be finished before a new one."""
    return newsletter.issues.filter(sent_at__isnull=True).order_by("created_at").first()


def create_issue(*, plan: IssuePlan, chunk_size: int = 2000) -> Issue:
    """Store the issue and one pending delivery per receiving subscriber (confirmed, not
    paused), atomically.

    Subscribers are read in primary-key chunks so memory stays flat however many
    there are. If another run stored an issue since `plan` was made (the timer firing
    on several servers at once), or one exists for `plan`'s period already, that issue
    is returned instead, so the stories go out once. Builders take turns on a lock on
    the newsletter's row.
    """
    html_body, text_body = emails.render_issue_bodies(
        newsletter=plan.newsletter, subject=plan.subject, articles=plan.articles
    )
    with transaction.atomic():
        Newsletter.objects.select_for_update().get(pk=plan.newsletter.pk)  # one builder at a time
        latest = _latest_issue(plan.newsletter)
        if latest is not None and (
            latest.pk != plan.previous_issue_id
            or _of_period(latest, newsletter=plan.newsletter, now=plan.until)
        ):
            return latest
        issue = Issue.objects.create(
            newsletter=plan.newsletter,
            subject=plan.subject,
            covers_until=plan.until,
            html_body=html_body,
            text_body=text_body,
        )
        issue.articles.set(plan.articles)
        confirmed = (
            Subscriber.objects.receiving(now=plan.until)
            .filter(newsletter=plan.newsletter)
            .order_by("pk")
        )
        last_pk = 0
        ids = confirmed.values_list("pk", flat=True)
        while chunk := list(ids.filter(pk__gt=last_pk)[:chunk_size]):
            Delivery.objects.bulk_create(
                [Delivery(issue=issue, subscriber_id=pk) for pk in chunk], ignore_conflicts=True
            )
            last_pk = chunk[-1]
    return issue
