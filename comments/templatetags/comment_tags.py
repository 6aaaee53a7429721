"""The comments under a story (`{% comments_section article %}`).

Anonymous readers all get the same section — the thread, the count and a sign-in
link, no form and no CSRF token — so the page stays in the page cache with no cookie.
A signed-in reader's page (never kept) adds the form, reply links, report buttons and
their own comments still waiting for a moderator."""

from django import template

from comments import selectors, services
from comments.forms import CommentForm

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
        messages=context.get("messages"),
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


def _replying_to(request, thread):
    """The shown top-level comment named by `?reply=<id>` (links work without script)."""
    wanted = request.GET.get("reply", "") if request is not None else ""
    return next(
        (c for c in thread if str(c.pk) == wanted and not c.removed and not c.pending), None
    )
