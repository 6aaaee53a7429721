"""Pairing a story with its translation, as the newsroom does it: who may, and a record.

`articles.editions.pair()` sets the link both ways and lets go of old partners with
bulk updates, which send no save signal; so the stories whose link changed are kept
here as revisions (by the person pairing) and noted in the audit trail.

A pairing changes every story it touches: the two paired and any partner either had
before, which loses its link. So whoever pairs must be allowed to edit each of them
(`roles.can_edit`: a contributor only their own drafts, an editor any story).
"""

import reversion

from articles.editions import pair
from articles.models import Article
from articles.workflow import audit, history, roles


def touched_by(article: Article, counterpart: Article | None) -> list[Article]:
    """The stories other than `article` whose link pairing it with `counterpart`
    (None: unpairing it) would change: the new partner and the old partners. None
    when `article` (as loaded) is paired so already."""
    if article.counterpart_id == (counterpart.pk if counterpart else None):
        return []
    ids = {article.counterpart_id}
    if counterpart is not None:
        ids |= {counterpart.pk, counterpart.counterpart_id}
    ids -= {None, article.pk}
    return list(Article.objects.filter(pk__in=ids).order_by("pk"))


def not_editable_by(user, article: Article, counterpart: Article | None) -> list[Article]:
    """The stories a pairing would change that `user` may not edit."""
    return [story for story in touched_by(article, counterpart) if not roles.can_edit(user, story)]


def link(*, article: Article, counterpart: Article | None, user) -> None:
    """Pair `article` with `counterpart` (None unpairs it), keep a revision of every
    story whose link changed and audit each: paired, or unpaired for a story that
    lost its partner. Callers check `not_editable_by()` first."""
    before = dict(
        Article.objects.filter(
            pk__in={article.pk, *(story.pk for story in touched_by(article, counterpart))}
        ).values_list("pk", "counterpart_id")
    )
    with history.recording(user=user):
        pair(article, counterpart)
        after = dict(Article.objects.filter(pk__in=before).values_list("pk", "counterpart_id"))
        changed = Article.objects.filter(pk__in=[pk for pk in before if before[pk] != after[pk]])
        for story in changed.select_related("counterpart"):
            reversion.add_to_revision(story)
            _audit(story, user=user)


def _audit(story: Article, *, user) -> None:
    if story.counterpart is None:
        audit.record(action=audit.Action.UNPAIRED, article=story, user=user)
        return
    audit.record(
        action=audit.Action.PAIRED,
        article=story,
        user=user,
        detail=f"{story.counterpart.get_language_display()}: {story.counterpart.headline}",
    )
