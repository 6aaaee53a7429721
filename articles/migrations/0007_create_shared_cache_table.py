from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

SHARED_CACHE_TABLE = "newsroom_shared_cache"  # CACHES["shared"]["LOCATION"] without Redis


def create_shared_cache_table(apps, schema_editor):
    """Create the shared cache table whatever CACHES says today, so a site migrated with
    REDIS_URL set keeps working if it later runs without Redis. Idempotent."""
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, SHARED_CACHE_TABLE, dry_run=False)


def drop_shared_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {SHARED_CACHE_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_give_empty_slugs_a_fallback")]

    operations = [
        migrations.RunPython(create_shared_cache_table, drop_shared_cache_table),
    ]
