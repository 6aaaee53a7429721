"""Two people, one story: who else has a story open, and no save from an old copy.

The soft lock tells; it never blocks. An editor's open change page is recorded when it
loads and again on every heartbeat from its script (static/admin/js/edit_lock.js); the
record expires `EDITING_TIMEOUT` seconds after the last one, or when the page is left.
Records live in `caches["shared"]` (Redis, or a database table): every process must see
every editor, and one process's memory would not.

The version check refuses. `Article.edit_version` moves on with every save and every bulk
change; the change form carries the version it was opened on, and `check_edit_version`
refuses any other with the story's row locked until the admin's transaction ends, so of
two saves from the same version only the first can pass.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.models import Article

HEARTBEAT_SECONDS = 30
# Long enough that one late or lost heartbeat does not drop an editor who is still there.
EDITING_TIMEOUT = 120


@dataclass(frozen=True)
class Editor:
    """Someone with a story's change page open, since they opened it."""

    user_id: int
    name: str
    since: datetime

    def notice(self) -> str:
        return _("%(name)s has been editing this since %(time)s.") % {
            "name": self.name,
            "time": local_time(self.since),
        }


def local_time(moment: datetime) -> str:
    """“10:42” in the newsroom's zone; with the day when it is not today."""
    moment = timezone.localtime(moment)
    if moment.date() == timezone.localdate():
        return formats.time_format(moment, "H:i")
    return formats.date_format(moment, "j M H:i")


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _editor_key(article_id: int, user_id: int) -> str:
    return f"articles:editing:{article_id}:{user_id}"


def _editors_key(article_id: int) -> str:
    return f"articles:editing:{article_id}"


def note_editing(*, article_id: int, user) -> list[Editor]:
    """Record that `user` has the story open now, and return the others who have it
    open, longest first.

    Each editor's record has its own key, written only by that editor's page, so when
    they started survives every heartbeat. The list of who to look for is rewritten by
    everyone; two pages opening at the same instant can drop each other from it, and
    each puts itself back on its next heartbeat.
    """
    shared = caches["shared"]
    own_key = _editor_key(article_id, user.pk)
    record = shared.get(own_key) or {"name": display_name(user), "since": timezone.now()}
    shared.set(own_key, record, EDITING_TIMEOUT)
    keys = {
        _editor_key(article_id, user_id): user_id
        for user_id in {*shared.get(_editors_key(article_id), ()), user.pk}
    }
    records = shared.get_many(list(keys))
    shared.set(_editors_key(article_id), sorted(keys[key] for key in records), EDITING_TIMEOUT)
    others = [
        Editor(user_id=keys[key], name=record["name"], since=record["since"])
        for key, record in records.items()
        if keys[key] != user.pk
    ]
    return sorted(others, key=lambda editor: (editor.since, editor.user_id))


def stop_editing(*, article_id: int, user) -> None:
    """`user` left the story's page: others stop seeing them at once."""
    caches["shared"].delete(_editor_key(article_id, user.pk))


def check_edit_version(article: Article, opened_version: str | None) -> None:
    """Refuse, with a message an editor can act on, a save of `article` from a form
    opened on any version but the stored one. A missing or garbled version (a forged
    or truncated POST) is refused too: saving it could overwrite anything.

    Run inside the transaction that saves: the row stays locked until it ends, so a
    second save from the same version waits, then finds the version moved on.
    """
    try:
        opened = int(opened_version)
    except (TypeError, ValueError):
        raise ValidationError(
            _(
                "This form did not say which version of the story it was opened on, so "
                "nothing was saved. Reload the page and make your changes again."
            ),
            code="no_edit_version",
        )
    with transaction.atomic():
        current, changed_at = (
            Article.objects.select_for_update()
            .filter(pk=article.pk)
            .values_list("edit_version", "modified_at")
            .get()
        )
    if opened != current:
        raise ValidationError(
            format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a> {}',
                _(
                    "This story was saved again at %(time)s, after you opened it, so your "
                    "changes were not saved: they would have overwritten that save."
                )
                % {"time": local_time(changed_at)},
                reverse("admin:articles_article_history", args=[article.pk]),
                _("See what changed."),
                _(
                    "Copy what you need from the form below, then reload the page and make "
                    "your changes again."
                ),
            ),
            code="stale_edit_version",
        )
