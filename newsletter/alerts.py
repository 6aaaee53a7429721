"""Breaking news alerts: one published story, mailed now to one alert list, once.

An editor picks the story and the list in the admin (`newsletter.alert_admin`), sees
the e-mail and its number of recipients (`plan_alert`), and confirms (`send_alert`).
The issue, its deliveries and the background task that sends them are stored in one
transaction; the worker then sends with `sending.send_issue`'s exactly-once
guarantees, and if it dies the `send_newsletter --all` timer finishes the issue. The
constraint `issue_one_alert_per_story` makes a story go to a list once, however many
editors press Send at once.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article
from newsletter import emails, tasks
from newsletter.models import Delivery, Issue, Newsletter, Subscriber

SUBJECT_MAX_LENGTH = Issue._meta.get_field("subject").max_length


class AlertRefused(Exception):
    """The story cannot be alerted to that list; the message says why."""


class AlreadyAlerted(AlertRefused):
    """The story went (or is going) to that list already: `issue`."""

    def __init__(self, issue: Issue):
        self.issue = issue
        super().__init__(
            _("“%(story)s” was sent to %(newsletter)s already.")
            % {"story": issue.alert_article.headline, "newsletter": issue.newsletter.name}
        )


@dataclass
class AlertPlan:
    newsletter: Newsletter
    article: Article
    subject: str
    html_body: str
    text_body: str
    recipients: int


def alert_lists(*, language: str | None = None):
    """The alert newsletters, or those of one edition."""
    lists = Newsletter.objects.filter(kind=Newsletter.Kind.ALERTS)
    return lists.filter(language=language) if language else lists


def existing_alert(*, article: Article, newsletter: Newsletter) -> Issue | None:
    return (
        Issue.objects.filter(newsletter=newsletter, alert_article=article)
        .select_related("newsletter", "alert_article")
        .first()
    )


def _live_story(article: Article) -> Article:
    """The story as readers see it, or a refusal saying why it is not public."""
    story = (
        Article.objects.published()
        .select_related("primary_section", "featured_image")
        .filter(pk=article.pk)
        .first()
    )
    if story is not None:
        return story
    if article.is_scheduled():
        raise AlertRefused(
            _("“%(story)s” is scheduled for %(time)s: send the alert once it is live.")
            % {
                "story": article.headline,
                "time": date_format(timezone.localtime(article.publish_at), "j M Y, H:i"),
            }
        )
    raise AlertRefused(
        _("“%(story)s” is not published (%(status)s): only a live story can be alerted.")
        % {"story": article.headline, "status": article.get_status_display().lower()}
    )


def check_alert(*, article: Article, newsletter: Newsletter) -> Article:
    """The live story if it may go to `newsletter`, else a refusal."""
    if newsletter.kind != Newsletter.Kind.ALERTS:
        raise AlertRefused(
            _("%(newsletter)s is not a breaking news list.") % {"newsletter": newsletter.name}
        )
    story = _live_story(article)
    if story.language != newsletter.language:
        raise AlertRefused(
            _(
                "“%(story)s” is in the %(story_language)s edition; %(newsletter)s is the "
                "%(list_language)s edition's list."
            )
            % {
                "story": story.headline,
                "story_language": story.get_language_display(),
                "newsletter": newsletter.name,
                "list_language": newsletter.get_language_display(),
            }
        )
    existing = existing_alert(article=story, newsletter=newsletter)
    if existing is not None:
        raise AlreadyAlerted(existing)
    return story


def alert_subject(*, article: Article, newsletter: Newsletter) -> str:
    with translation.override(newsletter.language):
        subject = _("Breaking: %(headline)s") % {"headline": article.headline}
    return Truncator(subject).chars(SUBJECT_MAX_LENGTH)


def plan_alert(*, article: Article, newsletter: Newsletter) -> AlertPlan:
    """The alert as it would go out now: its e-mail and how many readers get it.
    Raises `AlertRefused` (or `AlreadyAlerted`) when it may not go."""
    story = check_alert(article=article, newsletter=newsletter)
    subject = alert_subject(article=story, newsletter=newsletter)
    html_body, text_body = emails.render_issue_bodies(
        newsletter=newsletter, subject=subject, articles=[story], template="alert"
    )
    recipients = Subscriber.objects.receiving().filter(newsletter=newsletter).count()
    return AlertPlan(newsletter, story, subject, html_body, text_body, recipients)


def send_alert(*, article: Article, newsletter: Newsletter, user=None, chunk_size=2000) -> Issue:
    """Store the alert with one pending delivery per receiving subscriber of
    `newsletter`, and queue its sending, all in one transaction.

    Raises `AlertRefused` for a story that is not live or not of the list's edition,
    and `AlreadyAlerted` (with the issue) if the story went to the list before or
    another editor's press got there first.
    """
    plan = plan_alert(article=article, newsletter=newsletter)
    now = timezone.now()
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                newsletter=newsletter,
                subject=plan.subject,
                alert_article=plan.article,
                sent_by=user,
                covers_until=now,
                html_body=plan.html_body,
                text_body=plan.text_body,
            )
            issue.articles.set([plan.article])
            _list_recipients(issue=issue, now=now, chunk_size=chunk_size)
            tasks.send_issue.enqueue(issue_id=issue.pk)
    except IntegrityError:
        existing = existing_alert(article=plan.article, newsletter=newsletter)
        if existing is None:
            raise
        raise AlreadyAlerted(existing) from None
    return issue


def _list_recipients(*, issue: Issue, now: datetime, chunk_size: int) -> None:
    """One pending delivery per receiving subscriber, read in primary-key chunks
    (as `issues.create_issue` does) so memory stays flat."""
    ids = (
        Subscriber.objects.receiving(now=now)
        .filter(newsletter=issue.newsletter)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    last_pk = 0
    while chunk := list(ids.filter(pk__gt=last_pk)[:chunk_size]):
        Delivery.objects.bulk_create([Delivery(issue=issue, subscriber_id=pk) for pk in chunk])
        last_pk = chunk[-1]
