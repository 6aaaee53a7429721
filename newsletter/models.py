import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class Newsletter(models.Model):
    """A mailing list readers can join: a digest (the Daily Briefing, a weekly Opinion
    digest) built on its schedule from the stories it covers, or a list of breaking
    news alerts that editors send one story at a time."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Digest on a schedule")
        ALERTS = "alerts", _("Breaking news alerts")

    class Cadence(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    class Template(models.TextChoices):
        BRIEFING = "briefing", _("Briefing: pictures and summaries")
        HEADLINES = "headlines", _("Headlines only: light, no pictures")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.DIGEST)
    is_public = models.BooleanField(
        _("offered to readers"),
        default=True,
        help_text=_("Shown on the sign-up page and the preferences page."),
    )
    sender_name = models.CharField(
        _("sender name"),
        max_length=100,
        blank=True,
        help_text=_("The name its e-mails come from; empty: the site's name."),
    )
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence, default=Cadence.DAILY)
    send_time = models.TimeField(
        _("send at"),
        default=datetime.time(6, 0),
        help_text=_("Local time (the site's time zone) at which a digest goes out."),
    )
    send_weekday = models.PositiveSmallIntegerField(
        _("send on"),
        choices=Weekday,
        default=Weekday.MONDAY,
        help_text=_("The day a weekly digest goes out."),
    )
    template = models.CharField(
        _("template"), max_length=20, choices=Template, default=Template.BRIEFING
    )
    sections = models.ManyToManyField(
        "sections.Section",
        verbose_name=_("sections"),
        blank=True,
        related_name="+",
        help_text=_(
            "A digest carries stories of these sections and their subsections; none: every section."
        ),
    )
    tags = models.ManyToManyField(
        "articles.Tag",
        verbose_name=_("tags"),
        blank=True,
        related_name="+",
        help_text=_("…or stories with one of these tags."),
    )
    # The edition it belongs to: its digest carries that edition's stories, and its
    # e-mails and pages are in its language (newsletter/emails.py).
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The edition whose stories it carries, and the language of its e-mails."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The sign-up page of its edition."""
        with translation.override(self.language):
            return reverse("newsletter:subscribe")


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Marked our e-mail as spam")


class SubscriberQuerySet(models.QuerySet):
    def receiving(self, *, now=None):
        """Subscribers an issue goes to: confirmed, and not pausing it (a pause ends
        at `resume_at`, or lasts until they resume it when that is empty)."""
        now = now or timezone.now()
        return self.filter(status=SubscriberStatus.CONFIRMED).filter(
            Q(paused_at__isnull=True) | Q(resume_at__lte=now)
        )


class Subscriber(models.Model):
    """One address on one newsletter. Unsubscribed rows stay as a suppression record."""

    Status = SubscriberStatus

    newsletter = models.ForeignKey(
        Newsletter,
        verbose_name=_("newsletter"),
        on_delete=models.PROTECT,
        related_name="subscribers",
    )
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    source = models.CharField(
        _("signed up on"), max_length=300, blank=True, help_text=_("The page with the form.")
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced at"), null=True, blank=True)
    complained_at = models.DateTimeField(_("complained at"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    resume_at = models.DateTimeField(
        _("resumes at"), null=True, blank=True, help_text=_("Empty: paused until they resume.")
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(
                F("newsletter"), Lower("email"), name="subscriber_unique_email_ci"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SubscriberStatus.values),
                name="subscriber_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["newsletter", "status", "id"], name="subscriber_status_idx"),
        ]

    def __str__(self):
        return self.email

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None and (
            self.resume_at is None or self.resume_at > timezone.now()
        )


class Issue(models.Model):
    """One digest: the stories it carries and the e-mail bodies rendered once for all.

    The bodies hold `UNSUBSCRIBE_PLACEHOLDER` where each recipient's own unsubscribe
    link goes, so sending never renders a template per recipient.
    """

    newsletter = models.ForeignKey(
        Newsletter, verbose_name=_("newsletter"), on_delete=models.PROTECT, related_name="issues"
    )
    subject = models.CharField(_("subject"), max_length=200)
    articles = models.ManyToManyField(
        "articles.Article", verbose_name=_("articles"), related_name="newsletter_issues"
    )
    alert_article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("breaking news story"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The story of a breaking news alert; empty for a digest."),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    covers_until = models.DateTimeField(
        _("covers stories up to"),
        help_text=_("The next issue starts with stories published after this time."),
    )
    html_body = models.TextField(_("HTML body"))
    text_body = models.TextField(_("text body"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    deliveries_created_at = models.DateTimeField(
        _("recipients listed at"), null=True, blank=True, editable=False
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        permissions = [("send_alert", _("Can send a breaking news alert"))]
        indexes = [
            models.Index(fields=["newsletter", "sent_at"], name="issue_newsletter_sent_idx"),
        ]
        constraints = [
            # A story is alerted at most once per list, however often editors press Send.
            models.UniqueConstraint(
                fields=["newsletter", "alert_article"],
                condition=Q(alert_article__isnull=False),
                name="issue_one_alert_per_story",
            ),
        ]

    def __str__(self):
        return self.subject


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CLAIMED = "claimed", _("Claimed by a sender")
    SENDING = "sending", _("Sending (outcome unknown if it stays here)")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (no longer subscribed)")


class BounceType(models.TextChoices):
    HARD = "hard", _("Hard: the address does not take mail")
    SOFT = "soft", _("Soft: full mailbox, server busy…")


class Delivery(models.Model):
    """One issue to one subscriber.

    `claimed` rows belong to a sender that has not handed their content to the mail
    server yet (safe to give back). `sending` is written right before the content goes
    out and replaced once the server answers, so a sender killed in between leaves its
    one message in flight there: the reader may have it or not, and only an operator
    (`send_newsletter --resend-interrupted`) sends it again, with the same Message-ID.
    """

    Status = DeliveryStatus

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # A recipient's server that says "try later" (SMTP 4xx) gets the message again at
    # retry_at, NEWSLETTER_SOFT_BOUNCE_RETRIES times at most; `attempts` counts the
    # tries it refused so (newsletter/sending.py).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    retry_at = models.DateTimeField(_("retry at"), null=True, blank=True)
    # What became of it, from the mail server's answer or the e-mail service's webhooks.
    # Opens and clicks are recorded only when NEWSLETTER_TRACKING is on (off by default).
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced at"), null=True, blank=True)
    bounce_type = models.CharField(_("bounce"), max_length=4, choices=BounceType, blank=True)
    complained_at = models.DateTimeField(_("complained at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("clicked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="delivery_unique_issue_subscriber"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="delivery_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["issue", "status", "id"], name="delivery_issue_status_idx")]

    def __str__(self):
        return f"{self.issue} → {self.subscriber}"
