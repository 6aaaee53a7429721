"""The database cache behind `caches["shared"]` when there is no Redis.

Django's `DatabaseCache.add()` takes four statements and a transaction (count the
rows for culling, open a savepoint, look for the key, insert), and the articles'
content version is added that way on the first page after the cache was emptied
(`articles.caching`). Here `add()` is one `INSERT … ON CONFLICT` statement, which
SQLite (3.24+) and PostgreSQL both run atomically: it writes the value unless a live
one is there, and says whether it did. Like Django's, it treats an expired row as
absent; unlike Django's, it leaves culling to `set()`, which the same table sees.
"""

import base64
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils.timezone import now


class OneStatementAddDatabaseCache(DatabaseCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote = connection.ops.quote_name
        table = quote(self._table)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        key_column, value_column, expires_column = map(quote, ("cache_key", "value", "expires"))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) "
                "VALUES (%s, %s, %s) "
                f"ON CONFLICT ({key_column}) DO UPDATE SET "
                f"{value_column} = excluded.{value_column}, "
                f"{expires_column} = excluded.{expires_column} "
                f"WHERE {table}.{expires_column} < %s",
                [
                    key,
                    encoded,
                    connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0)),
                    connection.ops.adapt_datetimefield_value(now().replace(microsecond=0)),
                ],
            )
            return cursor.rowcount == 1
