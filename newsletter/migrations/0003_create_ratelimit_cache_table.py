from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

RATELIMIT_CACHE_TABLE = "ratelimit_cache"  # CACHES["ratelimit"]["LOCATION"] without Redis


def create_ratelimit_cache_table(apps, schema_editor):
    """Create the rate-limit table whatever CACHES says today, so a site migrated with
    REDIS_URL set keeps working if it later runs without Redis. Idempotent."""
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, RATELIMIT_CACHE_TABLE, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0002_create_daily_briefing")]

    operations = [
        migrations.RunPython(create_ratelimit_cache_table, migrations.RunPython.noop),
    ]
