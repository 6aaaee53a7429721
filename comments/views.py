"""Posting and reporting comments: POST only, CSRF-protected, signed-in readers.

Every refusal answers with a small page saying why — with the story's link when the
story is public, and the reader's text kept: in the form, ready to send again, when
they may still post it; in a box to copy when they may not. Never a 500, never a lost
comment.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from accounts.readers import signed_in_reader
from articles.models import Article
from comments import services
from comments.forms import CommentForm
from comments.models import Comment


def _refused(
    request, *, status, message, article=None, form=None, text="", title=None, sign_in=False
):
    context = {
        "title": title or _("Your comment was not posted"),
        "message": message,
        "article": article,
        "form": form,
        "text": text,
        "sign_in_url": services.sign_in_url(article) if sign_in else "",
    }
    return render(request, "comments/refused.html", context, status=status)


def _seconds_to_wait(request) -> int | None:
    """Seconds until this reader may post again, or None while they are within both
    limits: per reader (`COMMENTS_RATE_PER_READER`) and per client address
    (`COMMENTS_RATE_PER_ADDRESS`, told apart by `newsroom.clients.client_address`)."""
    limits = {"user": settings.COMMENTS_RATE_PER_READER, "ip": settings.COMMENTS_RATE_PER_ADDRESS}
    waits = []
    for key, rate in limits.items():
        usage = get_usage(
            request, group=f"comments.post.{key}", key=key, rate=rate, method="POST", increment=True
        )
        if usage is not None and usage["should_limit"]:
            # The counter's window ends in time_left seconds (-1 if the cache failed).
            waits.append(max(usage["time_left"], 1))
    return max(waits) if waits else None


@require_POST
def post_comment(request, article_id):
    """A comment, or a reply (`parent`), on a published story that takes comments."""
    text = request.POST.get("body", "")
    article = Article.objects.published().as_links().filter(pk=article_id).first()
    if article is None:
        message = _("This story is not published, so it takes no comments.")
        return _refused(request, status=404, message=message, text=text)
    reader = signed_in_reader(request)
    if reader is None:
        message = _("Please sign in with your reader account to comment.")
        return _refused(
            request, status=403, message=message, article=article, text=text, sign_in=True
        )
    problem = services.why_reader_may_not_comment(reader)
    if problem:
        return _refused(request, status=403, message=problem, article=article, text=text)
    if services.comments_closed(article):
        message = _("Comments on this story are closed.")
        return _refused(request, status=403, message=message, article=article, text=text)
    form = CommentForm(request.POST)
    wait = _seconds_to_wait(request)
    if wait is not None:
        message = _(
            "You have sent many comments in a short time. Please wait a few minutes, "
            "then send this one again: your text is kept below."
        )
        response = _refused(request, status=429, message=message, article=article, form=form)
        response["Retry-After"] = str(wait)
        return response
    if form.is_spam:
        message = _(
            "A field that people leave empty was filled in, so we took this for an "
            "automatic post. If you wrote it, please send it again: your text is kept below."
        )
        return _refused(request, status=400, message=message, article=article, form=form)
    if not form.is_valid():
        message = _("Please correct your comment: your text is kept below.")
        return _refused(request, status=400, message=message, article=article, form=form)
    parent = None
    if form.cleaned_data["parent"] is not None:
        parent = Comment.objects.visible().filter(pk=form.cleaned_data["parent"]).first()
        if parent is None or parent.article_id != article.pk:
            message = _("The comment you replied to is not shown under this story.")
            return _refused(request, status=404, message=message, article=article, text=text)
        if parent.parent_id is not None:
            message = _("Replies go under a comment, not under another reply.")
            return _refused(request, status=403, message=message, article=article, text=text)
    comment = services.post_comment(
        reader=reader, article=article, body=form.cleaned_data["body"], parent=parent
    )
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Thank you. Your comment is published."))
    else:
        messages.success(
            request,
            _("Thank you. Your comment is waiting for a moderator; only you see it until then."),
        )
    return redirect(f"{article.get_absolute_url()}#comments")


@require_POST
def report_comment(request, comment_id):
    """A signed-in reader tells moderators that a comment breaks the rules (once)."""
    title = _("Your report was not sent")
    reader = signed_in_reader(request)
    if reader is None:
        message = _("Please sign in with your reader account to report a comment.")
        return _refused(request, status=403, message=message, title=title)
    comment = (
        Comment.objects.visible()
        .filter(pk=comment_id, article__in=Article.objects.published())
        .select_related("article__primary_section")
        .first()
    )
    if comment is None:
        message = _("This comment is not shown on the site.")
        return _refused(request, status=404, message=message, title=title)
    article = comment.article
    problem = services.why_reader_may_not_comment(reader)
    if problem:
        return _refused(request, status=403, message=problem, article=article, title=title)
    if comment.author_id == reader.user_id:
        message = _("This is your own comment: you cannot report it.")
        return _refused(request, status=403, message=message, article=article, title=title)
    if services.report_comment(reader=reader, comment=comment):
        messages.success(request, _("Thank you. A moderator will look at this comment."))
    else:
        messages.info(request, _("You have already reported this comment."))
    return redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
