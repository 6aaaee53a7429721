"""E-mails to readers about their comments: "your comment is published" and "someone
replied". Sent by the background worker (comments/tasks.py), which decides at sending
time, from the rows as they are then, whether the e-mail is still due.

A reader gets them only while they want them (`notify_on_replies`), are not banned and
have a verified address; a reply by the parent's own author e-mails nobody. Comments
and stories that readers can no longer see are not written about. Each e-mail carries
a signed link that turns these e-mails off without signing in (comments/tokens.py,
also as RFC 8058 one-click headers) and a link to the reader's profile.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import ReaderProfile
from articles.models import Article
from comments.models import Comment
from comments.tokens import make_stop_token
from newsroom.site import absolute_url, site_host

# Characters, not words: Burmese writes no spaces between words.
EXCERPT_LENGTH = 400


def comment_url(comment: Comment) -> str:
    """The comment in its place under the story (comments/section.html gives each
    comment the id `comment-<pk>`)."""
    return absolute_url(f"{comment.article.get_absolute_url()}#comment-{comment.pk}")


def stop_url(profile: ReaderProfile) -> str:
    token = make_stop_token(profile.pk)
    return absolute_url(reverse("comments:stop-emails", kwargs={"token": token}))


def shown_comment(comment_id: int) -> Comment | None:
    """The comment, if readers can see it now: approved, under a shown parent, on a
    published story."""
    return (
        Comment.objects.visible()
        .filter(pk=comment_id, article__in=Article.objects.published())
        .select_related("article__primary_section", "parent", "author__reader")
        .first()
    )


def recipient(user_id: int | None) -> tuple[ReaderProfile, str] | None:
    """The reader's profile and verified primary address, if they want these e-mails."""
    if user_id is None:
        return None
    profile = ReaderProfile.objects.filter(
        user_id=user_id, notify_on_replies=True, banned_at__isnull=True
    ).first()
    if profile is None:
        return None
    address = (
        EmailAddress.objects.filter(user_id=user_id, primary=True, verified=True)
        .values_list("email", flat=True)
        .first()
    )
    return (profile, address) if address else None


def send_approval_notice(comment_id: int) -> bool:
    """Tell a comment's author it is published; return whether an e-mail went out."""
    comment = shown_comment(comment_id)
    if comment is None:
        return False
    to = recipient(comment.author_id)
    if to is None:
        return False
    subject = _("Your comment on “%(headline)s” is published") % {
        "headline": one_line(comment.article.headline)
    }
    context = {
        "headline": comment.article.headline,
        "comment_excerpt": excerpt(comment.body),
        "comment_url": comment_url(comment),
    }
    _message("comment_approved", subject, context, to=to, about=comment).send()
    return True


def send_reply_notice(reply_id: int) -> bool:
    """Tell the author of the comment a shown reply answers; return whether an e-mail
    went out."""
    reply = shown_comment(reply_id)
    if reply is None or reply.parent is None:
        return False
    parent_author_id = reply.parent.author_id
    if parent_author_id is None or parent_author_id == reply.author_id:
        return False
    to = recipient(parent_author_id)
    if to is None:
        return False
    replier = display_name(reply.author)
    subject = _("%(name)s replied to your comment on “%(headline)s”") % {
        "name": one_line(replier),
        "headline": one_line(reply.article.headline),
    }
    context = {
        "headline": reply.article.headline,
        "replier": replier,
        "reply_excerpt": excerpt(reply.body),
        "parent_excerpt": excerpt(reply.parent.body),
        "reply_url": comment_url(reply),
    }
    _message("comment_reply", subject, context, to=to, about=reply).send()
    return True


def display_name(user) -> str:
    """The name a reader shows with their comments."""
    profile = getattr(user, "reader", None) if user is not None else None
    return profile.display_name if profile else _("A reader")


def one_line(text: str) -> str:
    """`text` with every run of whitespace (line breaks too) as one space: fit for a
    subject line, where a line break is refused."""
    return " ".join(text.split())


def excerpt(text: str) -> str:
    return Truncator(text).chars(EXCERPT_LENGTH)


def _message(
    template: str, subject: str, context: dict, *, to: tuple[ReaderProfile, str], about: Comment
) -> EmailMultiAlternatives:
    profile, address = to
    leave_url = stop_url(profile)
    context = {
        **context,
        "reader_name": profile.display_name,
        "stop_url": leave_url,
        # The footer of emails/base.html links to this as "Unsubscribe".
        "unsubscribe_url": leave_url,
        "profile_url": absolute_url(reverse("reader_profile")),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[address],
        headers={
            "List-Unsubscribe": f"<{leave_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same on a retry, so a mail provider that has it already can drop it.
            "Message-ID": f"<{template}-{about.pk}@{site_host()}>",
        },
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message
