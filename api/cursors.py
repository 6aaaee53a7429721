"""Opaque, signed cursors for keyset pagination: "the page after this row".

A cursor holds the sort value and id of the last row a client was shown (always a
row the API returned, so nothing it could not already see) and is signed, so a client
cannot forge one that starts anywhere else. The next page is asked afresh through the
same public queryset: a row unpublished since the last page is simply not there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Model, Q, QuerySet


class BadCursor(Exception):
    """A cursor this API did not make (tampered with, truncated, or for another list)."""


@dataclass(frozen=True)
class Ordering:
    """A list's order: one field, then the primary key to break ties."""

    name: str
    field: str
    descending: bool
    parse: Callable[[Any], Any] = lambda value: value
    dump: Callable[[Any], Any] = lambda value: value

    def apply(self, queryset: QuerySet) -> QuerySet:
        sign = "-" if self.descending else ""
        return queryset.order_by(f"{sign}{self.field}", f"{sign}pk")

    def after(self, queryset: QuerySet, cursor: str) -> QuerySet:
        """The rows that come after the cursor's row in this order."""
        value, pk = self.read(cursor)
        beyond = "lt" if self.descending else "gt"
        return queryset.filter(
            Q(**{f"{self.field}__{beyond}": value}) | Q(**{self.field: value, f"pk__{beyond}": pk})
        )

    def cursor_after(self, row: Model) -> str:
        value = self.dump(getattr(row, self.field))
        return signing.dumps([value, row.pk], salt=self.salt, compress=True)

    def read(self, cursor: str) -> tuple[Any, int]:
        try:
            value, pk = signing.loads(cursor, salt=self.salt)
            return self.parse(value), int(pk)
        except (signing.BadSignature, ValueError, TypeError) as error:
            raise BadCursor from error

    @property
    def salt(self) -> str:
        return f"api.cursor.{self.name}"


NEWEST_FIRST = Ordering(
    name="stories",
    field="publish_at",
    descending=True,
    parse=datetime.fromisoformat,
    dump=datetime.isoformat,
)
BY_NAME = Ordering(name="names", field="name", descending=False, parse=str)


def page(queryset: QuerySet, *, ordering: Ordering, cursor: str | None, limit: int):
    """(the rows of one page, the cursor of the next or None) in one query."""
    if cursor:
        queryset = ordering.after(queryset, cursor)
    rows = list(ordering.apply(queryset)[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], ordering.cursor_after(rows[limit - 1])
