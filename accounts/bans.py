"""Banning readers: a banned reader can no longer comment (comments/ checks
`ReaderProfile.is_banned`), gets no e-mails about comments, and what they left waiting
in the moderation queue is marked as spam by the comments app, which listens for
`readers_banned` (accounts may not import comments)."""

from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone

from accounts.models import ReaderProfile

# Sent with `user_ids` (the banned readers' users) and `by` (the moderator, or None).
readers_banned = Signal()


def ban_readers(*, readers: QuerySet[ReaderProfile], by=None, reason: str = "") -> int:
    """Ban `readers` (those already banned keep their first ban's time and reason);
    return how many were newly banned."""
    user_ids = list(readers.values_list("user_id", flat=True))
    banned = ReaderProfile.objects.filter(user_id__in=user_ids, banned_at__isnull=True).update(
        banned_at=timezone.now(), ban_reason=reason
    )
    if user_ids:
        readers_banned.send(sender=ReaderProfile, user_ids=user_ids, by=by)
    return banned


def unban_readers(*, readers: QuerySet[ReaderProfile]) -> int:
    """Lift the ban of `readers`; return how many were banned. Comments marked as spam
    by the ban stay so: a moderator can approve any of them by hand."""
    return readers.filter(banned_at__isnull=False).update(banned_at=None, ban_reason="")
