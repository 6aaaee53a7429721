"""Publishing rules: what publishing, unpublishing, scheduling and picking do to
articles, and the values derived from them. `Article.save()` and `Article.clean()`,
the admin form and the admin's bulk actions all come here.

Scheduling is publishing with a later publish time: the story appears when
`Article.objects.published()` reaches that time; no job runs.

One article is saved: `save()` fills the defaults below and its post_save signal sets
a new content version (`articles.caching`). Many articles are changed by one
`UPDATE` of status, times and the pick flag. Those touch nothing the save signals
react to (the URL, the text), so nothing is lost by not sending them; and as an
update sends no signal, the content version is set here, once per action; and the
status changes are audited and kept as revisions here (`_record_changes`), where the
changed stories are known.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.caching import bump_content_version
from newsroom.text import slug_for


class ArticleStatus(models.TextChoices):
    """`Article.Status`; declared out here so `Article.Meta`'s constraints can name it."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


def default_slug(headline: str) -> str:
    """The slug of a story whose editor left it empty: made from the headline."""
    return slug_for(headline, prefix="story")


def fill_defaults(article) -> None:
    """Fill in what an article derives from its other fields, before it is validated
    or stored: its slug, a publish time of now when it is published without one, and
    when it became an editor's pick (none once it is no longer one)."""
    now = timezone.now()
    article.slug = article.slug or default_slug(article.headline)
    if article.status == ArticleStatus.PUBLISHED and article.publish_at is None:
        article.publish_at = now
    if not article.is_recommended:
        article.recommended_at = None
    elif article.recommended_at is None:
        article.recommended_at = now


def publish_now(articles: models.QuerySet, *, by=None) -> int:
    """Put `articles` live now (scheduled ones too); those already live keep their
    time. `by` is the user acting (None: the system). Returns how many changed."""
    now = timezone.now()
    waiting = articles.exclude(status=ArticleStatus.PUBLISHED, publish_at__lte=now)
    ids = list(waiting.values_list("pk", flat=True))
    count = _update(articles.filter(pk__in=ids), status=ArticleStatus.PUBLISHED, publish_at=now)
    _record_changes("published", ids, user=by)
    return count


def unpublish(articles: models.QuerySet, *, by=None) -> int:
    """Take live and scheduled `articles` off the site. `by` is the user acting (None:
    the system). Returns how many changed."""
    ids = list(articles.filter(status=ArticleStatus.PUBLISHED).values_list("pk", flat=True))
    count = _update(articles.filter(pk__in=ids), status=ArticleStatus.UNPUBLISHED)
    _record_changes("unpublished", ids, user=by)
    return count


def mark_pick(articles: models.QuerySet) -> int:
    """Make `articles` editor's picks, picked now. Returns how many changed."""
    return _update(
        articles.filter(is_recommended=False), is_recommended=True, recommended_at=timezone.now()
    )


def unmark_pick(articles: models.QuerySet) -> int:
    """Remove `articles` from the editor's picks. Returns how many changed."""
    return _update(articles.filter(is_recommended=True), is_recommended=False, recommended_at=None)


def _update(articles: models.QuerySet, **changes) -> int:
    """One UPDATE (with the modified time and next edit version `save()` would set),
    and one new content version when anything changed. The edit version moving on
    makes a form opened before the action unsaveable, so it cannot undo the action."""
    count = articles.update(
        **changes, modified_at=timezone.now(), edit_version=models.F("edit_version") + 1
    )
    if count:
        bump_content_version()
    return count


def _record_changes(action: str, article_ids: list[int], *, user) -> None:
    """Audit a bulk status change and keep a revision of each story it changed."""
    # Imported here, as `articles.models` imports this module (and the workflow
    # modules import `articles.models`).
    from articles.models import Article  # (the cycle above)
    from articles.workflow import audit, history  # (the cycle above)

    audit.record_many(action=action, article_ids=article_ids, user=user)
    for article in Article.objects.filter(pk__in=article_ids):
        history.record(article, user=user, comment=audit.Action(action).label)
