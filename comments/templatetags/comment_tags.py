"""The comments under a story (`{% comments_section article %}`).

Anonymous readers all get the same section — the thread, the count and a sign-in
link, no form and no CSRF token — so the page stays in the page cache with no cookie.
A signed-in reader's page (never kept) adds the form, reply links, report buttons and
their own comments still waiting for a moderator."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from articles.templatetags.article_tags import timestamp
from comments import selectors, services
from comments.forms import CommentForm
from comments.selectors import ShownComment

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context, article):
    request = context.get("request")
    story_url = article.get_absolute_url()
    section = {
        "article": article,
        "closed": services.comments_closed(article),
        "thread": selectors.public_thread(article, request=request),
        "sign_in_url": services.sign_in_url(article),
        "story_url": story_url,
    }
    reader = context.get("reader")
    if not reader:
        return section
    section.update(
        reader=reader,
        messages=_unread(context.get("messages")),
        thread=selectors.with_own_pending(
            section["thread"], article=article, user_id=reader.user_id
        ),
        refusal=services.why_reader_may_not_comment(reader),
    )
    may_post = not section["closed"] and not section["refusal"]
    replying_to = _replying_to(request, section["thread"]) if may_post else None
    section.update(
        may_post=may_post,
        replying_to=replying_to,
        form=CommentForm(initial={"parent": replying_to.pk if replying_to else None}),
    )
    return section


def _unread(messages):
    """The reader's messages ("your comment is waiting…"), unless the page already
    showed them above the story (iterating them marks them `used`)."""
    return None if messages is None or messages.used else messages


def _replying_to(request, thread):
    """The shown top-level comment named by `?reply=<id>` (links work without script)."""
    wanted = request.GET.get("reply", "") if request is not None else ""
    return next(
        (c for c in thread if str(c.pk) == wanted and not c.removed and not c.pending), None
    )


@dataclass(frozen=True)
class Viewer:
    """What a signed-in reader who may act on comments gets under each one."""

    user_id: int
    may_reply: bool
    story_url: str
    csrf_token: str


@register.simple_tag(takes_context=True)
def comment_list(context, thread: list[ShownComment]) -> SafeString:
    """The thread as nested lists. Built in Python, not from a template: a story may
    show hundreds of comments, and a template per comment would cost more than the
    rest of the page."""
    reader = context.get("reader")
    viewer = None
    if reader and not context.get("refusal"):
        viewer = Viewer(
            user_id=reader.user_id,
            may_reply=bool(context.get("may_post")),
            story_url=context["story_url"],
            csrf_token=str(context.get("csrf_token", "")),
        )
    items = format_html_join("\n", "<li>\n{}\n</li>", ((_with_replies(c, viewer),) for c in thread))
    return format_html('<ol class="comment-list">\n{}\n</ol>', items)


def _with_replies(comment: ShownComment, viewer: Viewer | None) -> SafeString:
    html = _comment(comment, viewer)
    if not comment.replies:
        return html
    replies = format_html_join(
        "\n", "<li>{}</li>", ((_comment(reply, viewer),) for reply in comment.replies)
    )
    return format_html('{}\n<ol class="comment-replies">\n{}\n</ol>', html, replies)


def _comment(comment: ShownComment, viewer: Viewer | None) -> SafeString:
    if comment.removed:
        return format_html(
            '<article class="comment comment-removed" id="comment-{}">\n<p>{}</p>\n</article>',
            comment.pk,
            _("Comment removed"),
        )
    name = comment.name or _("A reader")
    return format_html(
        '<article class="comment{}" id="comment-{}">\n<p class="comment-meta">\n'
        '<span class="comment-author">{}</span>\n<a href="#comment-{}">{}</a>{}\n</p>\n'
        '<div class="comment-body"{}>\n{}\n</div>\n{}</article>',
        " comment-pending" if comment.pending else "",
        comment.pk,
        name,
        comment.pk,
        timestamp(comment.created_at),
        format_html("\n<strong>{}</strong>", _("Awaiting moderation")) if comment.pending else "",
        mark_safe(' lang="my"') if comment.burmese else "",
        comment.html,
        _actions(comment, name, viewer) if viewer and not comment.pending else "",
    )


def _actions(comment: ShownComment, name: str, viewer: Viewer) -> SafeString:
    """A reply link under a top-level comment, a report button under others' comments."""
    reply = ""
    if viewer.may_reply and comment.parent_id is None:
        reply = format_html(
            '<a href="{}?reply={}#comment-form">{}</a>\n', viewer.story_url, comment.pk, _("Reply")
        )
    report = ""
    if comment.author_id != viewer.user_id:
        report = format_html(
            '<form method="post" action="{}">\n'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">\n'
            '<button type="submit">{}<span class="visually-hidden"> {}</span></button>\n</form>\n',
            reverse("comments:report", args=[comment.pk]),
            viewer.csrf_token,
            _("Report"),
            _("the comment by %(name)s") % {"name": name},
        )
    if not reply and not report:
        return ""
    return format_html('<div class="comment-actions">\n{}{}</div>\n', reply, report)
