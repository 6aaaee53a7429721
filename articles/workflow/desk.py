"""The editors' desk: the admin's front page lists what needs someone now.

One query per list, whatever the number of stories: my drafts (and stories returned to
me), waiting for review, scheduled, published today and most viewed today. Days and
times are the newsroom's (`settings.TIME_ZONE`), wherever the editor sits.
"""

from dataclasses import dataclass

from django.utils import timezone

from articles.models import Article
from articles.publishing import ArticleStatus
from articles.workflow import roles

ROWS = 10
MOST_VIEWED_ROWS = 5


@dataclass(frozen=True)
class Desk:
    my_drafts: list
    waiting_for_review: list
    scheduled: list
    published_today: list
    most_viewed_today: list
    zone: str


def desk_for(user) -> Desk:
    """What `user` sees on the desk: everything for editors, their own for writers."""
    zone = timezone.get_default_timezone()
    start_of_day = timezone.localtime(timezone=zone).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    stories = roles.visible_articles(
        user,
        Article.objects.select_related("primary_section").only(
            "headline", "status", "publish_at", "modified_at", "primary_section__name"
        ),
    )
    return Desk(
        my_drafts=list(
            roles.own_articles(user, stories)
            .filter(status__in=roles.WRITER_STATUSES)
            .order_by("-modified_at")[:ROWS]
        ),
        waiting_for_review=list(
            stories.filter(status=ArticleStatus.IN_REVIEW).order_by("modified_at")[:ROWS]
        ),
        scheduled=list(stories.scheduled().order_by("publish_at")[:ROWS]),
        published_today=list(
            stories.published().filter(publish_at__gte=start_of_day).order_by("-publish_at")[:ROWS]
        ),
        most_viewed_today=list(stories.published().most_read(days=1)[:MOST_VIEWED_ROWS]),
        zone=str(zone),
    )
