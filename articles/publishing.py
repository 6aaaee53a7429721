"""Publishing rules: what publishing, unpublishing, scheduling and picking do to
articles, and the values derived from them. `Article.save()` and `Article.clean()`,
the admin form and the admin's bulk actions all come here.

Scheduling is publishing with a later publish time: the story appears when
`Article.objects.published()` reaches that time; no job runs.

Review: a writer submits a draft (draft → in review); an editor publishes or
schedules it, or returns it to the writer with a note (in review → returned), who
fixes it and submits again. Each move is one function here taking the acting user,
so every path (the change form, its buttons, bulk actions) goes through it. Who may
make which move is `articles.workflow.roles`; callers ask it first.

One article is saved: `save()` fills the defaults below and its post_save signal sets
a new content version (`articles.caching`). Many articles are changed by one
`UPDATE` of status, times and the pick flag. Those touch nothing the save signals
react to (the URL, the text), so nothing is lost by not sending them; and as an
update sends no signal, the content version is set here, once per action; and the
status changes are audited and kept as revisions here (`_record_changes`), where the
changed stories are known.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.text import slug_for


class ArticleStatus(models.TextChoices):
    """`Article.Status`; declared out here so `Article.Meta`'s constraints can name it."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    RETURNED = "returned", _("Returned to writer")
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


RETURN_NEEDS_NOTE = _("Say what the writer should change.")


def submit(article, *, by) -> None:
    """Send a draft or a returned story to the editors (saving its edits)."""
    _move(article, ArticleStatus.IN_REVIEW, by=by)


def return_to_writer(article, *, by, note: str) -> None:
    """Send a story in review back to its writer with the editor's `note`."""
    if not note.strip():
        raise ValidationError(RETURN_NEEDS_NOTE)
    article.review_note = note
    _move(article, ArticleStatus.RETURNED, by=by)


def publish(article, *, by) -> None:
    """Publish a story at its publish time: now when it has none or a past one, later
    (scheduled) when it is in the future."""
    _move(article, ArticleStatus.PUBLISHED, by=by)


def move_to(article, status: str, *, by) -> None:
    """Save `article` (stored with its current status) and move it to `status`: the
    change form's path, where the editor picks the status from a list."""
    if status == ArticleStatus.IN_REVIEW:
        submit(article, by=by)
    elif status == ArticleStatus.RETURNED:
        return_to_writer(article, by=by, note=article.review_note)
    elif status == ArticleStatus.PUBLISHED:
        publish(article, by=by)
    else:
        _move(article, status, by=by)


# Where each status may be reached from (a story may also stay where it is).
_ALLOWED_FROM = {
    ArticleStatus.DRAFT: set(ArticleStatus) - {ArticleStatus.PUBLISHED},
    ArticleStatus.IN_REVIEW: {ArticleStatus.DRAFT, ArticleStatus.RETURNED},
    ArticleStatus.RETURNED: {ArticleStatus.IN_REVIEW},
    ArticleStatus.PUBLISHED: set(ArticleStatus),
    ArticleStatus.UNPUBLISHED: {ArticleStatus.PUBLISHED},
}


def check_move(current: str, status: str) -> None:
    """Refuse (ValidationError) to move a story that is `current` to `status`."""
    if status != current and current not in _ALLOWED_FROM[status]:
        raise ValidationError(
            _("A story that is “%(current)s” cannot become “%(status)s”.")
            % {"current": ArticleStatus(current).label, "status": ArticleStatus(status).label}
        )


def _move(article, status: str, *, by) -> None:
    """Store the story in its new status; `by` is who moved it."""
    check_move(article.status, status)
    if status != ArticleStatus.RETURNED and article.status == ArticleStatus.RETURNED:
        article.review_note = ""
    article.status = status
    article.save()


def publish_now(articles: models.QuerySet, *, by=None) -> int:
    """Put `articles` live now (scheduled ones too); those already live keep their
    time. `by` is the user acting (None: the system). Returns how many changed."""
    now = timezone.now()
    waiting = articles.exclude(status=ArticleStatus.PUBLISHED, publish_at__lte=now)
    ids = list(waiting.values_list("pk", flat=True))
    count = update_as_edit(
        articles.filter(pk__in=ids), status=ArticleStatus.PUBLISHED, publish_at=now
    )
    _record_changes("published", ids, user=by)
    return count


def unpublish(articles: models.QuerySet, *, by=None) -> int:
    """Take live and scheduled `articles` off the site. `by` is the user acting (None:
    the system). Returns how many changed."""
    ids = list(articles.filter(status=ArticleStatus.PUBLISHED).values_list("pk", flat=True))
    count = update_as_edit(articles.filter(pk__in=ids), status=ArticleStatus.UNPUBLISHED)
    _record_changes("unpublished", ids, user=by)
    return count


def mark_pick(articles: models.QuerySet) -> int:
    """Make `articles` editor's picks, picked now. Returns how many changed."""
    return update_as_edit(
        articles.filter(is_recommended=False), is_recommended=True, recommended_at=timezone.now()
    )


def unmark_pick(articles: models.QuerySet) -> int:
    """Remove `articles` from the editor's picks. Returns how many changed."""
    return update_as_edit(
        articles.filter(is_recommended=True), is_recommended=False, recommended_at=None
    )


def update_as_edit(articles: models.QuerySet, **changes) -> int:
    """One UPDATE (with the modified time and next edit version `save()` would set);
    when it changed anything, the queryset sets a new content version. The edit
    version moving on makes a form opened before the action unsaveable, so it cannot
    undo the action."""
    return articles.update(
        **changes, modified_at=timezone.now(), edit_version=models.F("edit_version") + 1
    )


def _record_changes(action: str, article_ids: list[int], *, user) -> None:
    """Audit a bulk status change and keep a revision of each story it changed."""
    # Imported here, as `articles.models` imports this module (and the workflow
    # modules import `articles.models`).
    from articles.models import Article  # (the cycle above)
    from articles.workflow import audit, history  # (the cycle above)

    audit.record_many(action=action, article_ids=article_ids, user=user)
    for article in Article.objects.filter(pk__in=article_ids):
        history.record(article, user=user, comment=audit.Action(action).label)
