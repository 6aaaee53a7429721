"""Stories paired across editions: a story and its translation point at each other.

`pair()` is the only writer of `Article.counterpart`, so a link never goes one way:
setting A's counterpart to B also sets B's to A, and lets go of whatever either was
paired with before.
"""

from django.db import models, transaction

from articles.models import Article
from articles.publishing import update_as_edit


def pair(article: Article, counterpart: Article | None) -> None:
    """Make `counterpart` the translation of `article`, both ways (None unpairs it).

    The stories touched move to a new edit version, so a change form opened on one of
    them before cannot put back the old link.
    """
    involved = {article.pk} | ({counterpart.pk} if counterpart else set())
    with transaction.atomic():
        linked = Article.objects.filter(
            models.Q(pk__in=involved) | models.Q(counterpart_id__in=involved)
        )
        update_as_edit(linked.exclude(counterpart=None), counterpart=None)
        if counterpart is not None:
            update_as_edit(Article.objects.filter(pk=article.pk), counterpart=counterpart)
            update_as_edit(Article.objects.filter(pk=counterpart.pk), counterpart=article)
    article.counterpart = counterpart
    article.refresh_from_db(fields=["edit_version"])
