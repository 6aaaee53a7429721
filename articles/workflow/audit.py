"""The audit trail: who created, submitted, returned, published, scheduled,
unpublished, restored, corrected, paired or deleted which story, and when.

Where each action is recorded:
- created, and any status change made by saving a story (submitted, returned,
  published, scheduled, unpublished): `articles.signals`, from `status_action()`,
  whoever saves (admin form, code); the user is the revision's (`history.acting_user()`).
- changes made by one `UPDATE` (the admin's bulk publish and unpublish): the
  functions in `articles.publishing` call `record_many()` with the ids they changed.
  A new bulk transition (submit, return) does the same.
- restored: `history.restore()`; corrected: `corrections.add()` and `note_saved()`;
  paired and unpaired (a translation linked or let go): `translations.link()`;
  deleted: the article admin's `delete_model()` and `delete_queryset()`.
"""

from django.utils import timezone

from articles.models import Article, ArticleEvent
from articles.publishing import ArticleStatus

Action = ArticleEvent.Action


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def record(*, action: str, article: Article, user, detail: str = "") -> ArticleEvent:
    """Note that `user` (None: the system) did `action` to `article`."""
    return ArticleEvent.objects.create(
        action=action,
        article=article,
        article_number=article.pk,
        article_headline=article.headline,
        user=user,
        user_name=_user_name(user),
        detail=detail,
    )


def record_many(*, action: str, article_ids, user, detail: str = "") -> None:
    """`record()` for many stories at once, in two queries."""
    at = timezone.now()
    headlines = Article.objects.filter(pk__in=article_ids).values_list("pk", "headline")
    ArticleEvent.objects.bulk_create(
        ArticleEvent(
            action=action,
            article_id=pk,
            article_number=pk,
            article_headline=headline,
            user=user,
            user_name=_user_name(user),
            at=at,
            detail=detail,
        )
        for pk, headline in headlines
    )


def status_action(before: tuple | None, article: Article) -> str | None:
    """What a save did to the story's status, given `before` = its stored (status,
    publish time) before the save (None for a new story): the audit action, or None."""
    status, publish_at = before or (None, None)
    now_status = article.status
    if now_status == ArticleStatus.PUBLISHED:
        if (status, publish_at) == (now_status, article.publish_at):
            return None
        return Action.SCHEDULED if article.is_scheduled() else Action.PUBLISHED
    if now_status == status:
        return None
    if status == ArticleStatus.PUBLISHED:
        return Action.UNPUBLISHED
    if now_status == ArticleStatus.IN_REVIEW:
        return Action.SUBMITTED
    if status == ArticleStatus.IN_REVIEW and now_status == ArticleStatus.DRAFT:
        return Action.RETURNED
    return None
