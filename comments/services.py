"""The rules for readers' comments, and the writes they make: posting a comment or a
reply, and reporting one. Views and template tags ask these; nothing else decides
who may comment where."""

from datetime import timedelta
from urllib.parse import quote

from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ReaderProfile
from articles.models import Article
from comments.models import Comment, CommentReport


def comments_closed(article: Article, *, now=None) -> bool:
    """Closed by an editor, or `COMMENTS_CLOSE_AFTER_DAYS` (if set) after publication."""
    if not article.comments_open:
        return True
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days and article.publish_at is not None:
        return (now or timezone.now()) >= article.publish_at + timedelta(days=days)
    return False


def sign_in_url(article: Article) -> str:
    """The login page, coming back to this story's comments."""
    return f"{reverse('account_login')}?next={quote(f'{article.get_absolute_url()}#comments')}"


def why_reader_may_not_comment(reader: ReaderProfile) -> str:
    """Why this signed-in reader may not comment or report ("" if they may): an address
    not yet confirmed, or a ban."""
    if reader.is_banned:
        return _("Moderators have stopped this account from commenting.")
    if not EmailAddress.objects.filter(user_id=reader.user_id, verified=True).exists():
        return _(
            "Please confirm your e-mail address before you comment: follow the link in "
            "the e-mail we sent you."
        )
    return ""


def is_trusted(reader: ReaderProfile) -> bool:
    """Whether this reader's comments skip the queue (`COMMENTS_TRUSTED_AFTER`)."""
    needed = settings.COMMENTS_TRUSTED_AFTER
    if not needed:
        return False
    approved = Comment.objects.filter(author_id=reader.user_id, status=Comment.Status.APPROVED)
    return approved.count() >= needed


def post_comment(
    *, reader: ReaderProfile, article: Article, body: str, parent: Comment | None = None
) -> Comment:
    """Save a comment (a reply when `parent` is given): pending, or approved at once
    for a trusted reader. The caller has checked the rules above and the form's."""
    status = Comment.Status.APPROVED if is_trusted(reader) else Comment.Status.PENDING
    return Comment.objects.create(
        article=article, parent=parent, author_id=reader.user_id, body=body, status=status
    )


def report_comment(*, reader: ReaderProfile, comment: Comment) -> bool:
    """Record this reader's report of `comment`; False if they had reported it already."""
    _report, created = CommentReport.objects.get_or_create(
        comment=comment, reporter_id=reader.user_id
    )
    return created
