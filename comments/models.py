from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom.querysets import ContentQuerySet

# A reply is shown under a parent readers see, or under the empty marker left by a
# reader who deleted their account.
SHOWN_PARENT = Q(parent__isnull=True) | Q(parent__status__in=["approved", "removed"])


class CommentQuerySet(ContentQuerySet):
    def visible(self):
        """Approved comments readers see: approved, and not a reply to one they don't."""
        return self.filter(SHOWN_PARENT, status=Comment.Status.APPROVED)

    def update(self, **kwargs):
        """Bulk moderation (approve, reject, spam) keeps the stories' counts true."""
        article_ids = set(self.values_list("article_id", flat=True))
        rows = super().update(**kwargs)
        if rows:
            recount(article_ids)
        return rows

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        recount({comment.article_id for comment in created})
        return created

    bulk_create.alters_data = True


def recount(article_ids) -> None:
    """Set `Article.comment_count` to the visible comments of these stories.

    The update goes through the articles' `ContentQuerySet`, so it moves the content
    version on: every kept page showing a count or the comments is re-made at once."""
    visible = (
        Comment.objects.visible()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Article.objects.filter(pk__in=set(article_ids)).update(
        comment_count=Coalesce(Subquery(visible), 0)
    )


class Comment(models.Model):
    """A reader's plain-text comment on a story, or a reply to one (one level deep).

    Readers see only approved comments on published stories. A comment whose reader
    deleted their account is kept as an empty `removed` marker where others replied to
    it, so their replies keep their place."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    body = models.TextField(_("comment"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set once, the first time the comment is approved: its e-mails (comments/
    # notifications.py) go out then and never again, however often it is re-approved.
    first_approved_at = models.DateTimeField(_("first approved at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        return self.body[:60]


class CommentReport(models.Model):
    """A signed-in reader telling moderators a comment breaks the rules (once each)."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]

    def __str__(self):
        return f"{self.reporter} on {self.comment_id}"
