from django.core.management import call_command
from django.db import migrations

DAILY_BRIEFING = {
    "name": "Daily Briefing",
    "description": "The day's most important stories from Myanmar and the region, "
    "every morning in your inbox.",
    "cadence": "daily",
}


def create_daily_briefing(apps, schema_editor):
    Newsletter = apps.get_model("newsletter", "Newsletter")
    Newsletter.objects.using(schema_editor.connection.alias).get_or_create(
        slug="daily-briefing", defaults=DAILY_BRIEFING
    )


def remove_daily_briefing(apps, schema_editor):
    Newsletter = apps.get_model("newsletter", "Newsletter")
    Newsletter.objects.using(schema_editor.connection.alias).filter(
        slug="daily-briefing", subscribers__isnull=True, issues__isnull=True
    ).delete()


def create_cache_tables(apps, schema_editor):
    """The sign-up rate limit counts in a database cache table when there is no Redis
    (see CACHES["ratelimit"] in settings); `createcachetable` is idempotent."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [
        migrations.RunPython(create_daily_briefing, remove_daily_briefing),
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
