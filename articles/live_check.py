"""Are these stories all still published? One query, compiled once.

A kept page (articles/page_cache.py) is served only while `published()` still returns
every story on it, which is asked on each of its many hits. Building that query with
the ORM each time would cost more than the rest of the hit together, so `LiveCheck`
compiles `published().filter(pk__in=ids)` once, when the page is kept, and each hit
runs the SQL with the time of the hit in place of the time it was compiled with.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, connections, router
from django.utils import timezone

from articles.models import Article
from newsroom import replica

# The "now" the query is compiled with; each run puts the time of the run in its place.
COMPILED_AT = datetime(2000, 1, 1, 0, 0, 0, 123457, tzinfo=UTC)


def db_time(moment: datetime, db) -> object:
    """`moment` as the database driver takes a publish time."""
    return Article._meta.get_field("publish_at").get_db_prep_value(moment, db)


@dataclass(frozen=True)
class LiveCheck:
    sql: str
    params: tuple
    # Where in `params` the compiled "now" stands.
    now_positions: tuple[int, ...]
    count: int

    @classmethod
    def of(cls, ids) -> "LiveCheck":
        ids = sorted(ids)
        stories = Article.objects.published(at=COMPILED_AT).filter(pk__in=ids)
        sql, params = stories.order_by().values_list("pk").query.sql_with_params()
        mark = db_time(COMPILED_AT, connection)
        positions = tuple(index for index, param in enumerate(params) if param == mark)
        if not positions:
            raise RuntimeError("published() no longer compares with the current time")
        return cls(sql=sql, params=tuple(params), now_positions=positions, count=len(ids))

    def passes(self) -> bool:
        """Whether `published()` returns every one of the stories now (read from the
        read replica when there is one: a moment's lag is harmless here)."""
        with replica.reads_from_replica():
            db = connections[router.db_for_read(Article)]
            now = db_time(timezone.now(), db)
            params = [
                now if index in self.now_positions else param
                for index, param in enumerate(self.params)
            ]
            with db.cursor() as cursor:
                cursor.execute(self.sql, params)
                return len(cursor.fetchall()) == self.count
