"""The stories a page shows, noted while it is built, so that a kept copy of the page
can be checked against `published()` each time it is served (articles/page_cache.py).

A story reaches a page as an `Article` loaded from the database (its own row, a list's
rows), noted by `Article.from_db`, or as the id of a cached list just checked live
(`selectors.live_ids`) whose HTML is cached too, noted there. Outside `noting()`
nothing is recorded.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_noted: ContextVar[set[int] | None] = ContextVar("articles_shown", default=None)


@contextmanager
def noting() -> Iterator[set[int]]:
    """Collect the ids of the stories loaded or checked live inside the block."""
    ids: set[int] = set()
    token = _noted.set(ids)
    try:
        yield ids
    finally:
        _noted.reset(token)


def note(ids: Iterable[int]) -> None:
    noted = _noted.get()
    if noted is not None:
        noted.update(ids)
