"""Small related lists read inside a row's own query, as JSON arrays.

An article page shows the story's tags, the other sections it is filed in and its
corrections: three short lists that `prefetch_related` would fetch in three more
queries. `JSONRows` reads such a list as a correlated subquery of the story's row
query instead, one JSON array of objects per list, in the list's own order; and
`model_instances` turns the array back into model instances, as a query would have.
The subquery's rows are aggregated from an ordered derived table, the way SQLite and
PostgreSQL both keep the order (SQLite before 3.44 has no `ORDER BY` inside an
aggregate).
"""

from datetime import UTC

from django.db import models, router
from django.db.models.functions import JSONObject
from django.utils.dateparse import parse_datetime


class JSONRows(models.Subquery):
    """The rows of `queryset` (filtered on `OuterRef`s, ordered) as a JSON array of
    objects holding `fields` (name → field path, as for `values()`)."""

    output_field = models.JSONField()

    def __init__(self, queryset, **fields):
        super().__init__(queryset.annotate(row=JSONObject(**fields)).values("row"))

    def as_sqlite(self, compiler, connection, **extra_context):
        # A subquery's column loses its JSON type in SQLite: JSON() restores it.
        template = '(SELECT JSON_GROUP_ARRAY(JSON("row")) FROM (%(subquery)s) AS "rows")'
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = """(SELECT COALESCE(JSONB_AGG("row"), '[]') FROM (%(subquery)s) AS "rows")"""
        return self.as_sql(compiler, connection, template=template, **extra_context)


def model_instances(model: type[models.Model], rows: list[dict]) -> list[models.Model]:
    """`model` instances from JSON objects holding every concrete field by its
    attribute name (`parent_id` for a foreign key), as loaded from the database."""
    fields = list(model._meta.concrete_fields)
    names = [field.attname for field in fields]
    db = router.db_for_read(model)
    return [
        model.from_db(db, names, [_python_value(field, row[field.attname]) for field in fields])
        for row in rows
    ]


def _python_value(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        # JSON holds the stored text: naive UTC on SQLite, with an offset on PostgreSQL.
        moment = parse_datetime(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return field.to_python(value)


def concrete_fields(model: type[models.Model], path: str = "") -> dict[str, str]:
    """`fields` for `JSONRows` naming every concrete field of `model`, reached through
    the relation `path` ("section__") from the subquery's model."""
    return {field.attname: f"{path}{field.attname}" for field in model._meta.concrete_fields}
