"""When a digest goes out: at its `send_time` (local, `TIME_ZONE`) each day, or on its
`send_weekday` each week. The timer (`send_newsletter --all`) runs every quarter of an
hour and sends the digests that are due; alert lists have no schedule (editors send
them, `newsletter.alerts`).
"""

from datetime import datetime, timedelta

from django.utils import timezone

from newsletter import issues
from newsletter.models import Newsletter


def send_moment(*, newsletter: Newsletter, now: datetime) -> datetime:
    """When the digest of the period `now` falls in (that day, or that Monday-to-Sunday
    week) is to go out."""
    day = issues.period_start(newsletter=newsletter, moment=now)
    if newsletter.cadence == Newsletter.Cadence.WEEKLY:
        day += timedelta(days=newsletter.send_weekday)
    return timezone.make_aware(datetime.combine(day, newsletter.send_time))


def is_due(*, newsletter: Newsletter, now: datetime | None = None) -> bool:
    """A digest whose send moment in this period has come and which has no issue in
    this period yet. A server that was off at the send moment catches up later in the
    period; one issue a period, whoever builds it (`issues.create_issue`)."""
    if newsletter.kind != Newsletter.Kind.DIGEST:
        return False
    now = now or timezone.now()
    return (
        now >= send_moment(newsletter=newsletter, now=now)
        and issues.issue_of_period(newsletter=newsletter, now=now) is None
    )
