"""Corrections and update notes: added by editors, owned in public.

A note moves the story's "Updated" time (`updated_at`, which its page, JSON-LD
`dateModified`, OpenGraph and feeds show) to the note's time, and goes into the
audit trail.
"""

from django.utils import timezone

from articles.models import Article, Correction
from articles.workflow import audit


def add(*, article: Article, kind: str, text: str, user, at=None) -> Correction:
    """Add a correction or update note to `article`, dated `at` (now by default)."""
    correction = Correction.objects.create(
        article=article, kind=kind, text=text, published_at=at or timezone.now()
    )
    note_saved(article=article, added=[correction], changed=[], user=user)
    return correction


def note_saved(*, article: Article, added: list, changed: list, user) -> None:
    """After notes were added or edited (the admin's inline): the story's Updated time
    follows the newest, and each added one is audited."""
    notes = [*added, *changed]
    if not notes:
        return
    newest = max(note.published_at for note in notes)
    if article.updated_at is None or newest > article.updated_at:
        article.updated_at = newest
        article.save(update_fields=["updated_at"])
    for note in added:
        audit.record(
            action=audit.Action.CORRECTED,
            article=article,
            user=user,
            detail=f"{note.get_kind_display()}: {note.text}",
        )
