from django.db import migrations

# The Burmese edition's sign-up boxes join it (`subscriptions.default_newsletter("my")`).
BURMESE_DAILY_BRIEFING = {
    "name": "နေ့စဉ် သတင်းအကျဉ်း",
    "description": "မြန်မာနိုင်ငံနှင့် ဒေသတွင်းမှ အရေးကြီးဆုံး သတင်းများကို "
    "နံနက်တိုင်း သင့်အီးမေးလ်သို့ ပို့ပေးပါသည်။",
    "cadence": "daily",
    "language": "my",
}


def create_burmese_daily_briefing(apps, schema_editor):
    Newsletter = apps.get_model("newsletter", "Newsletter")
    Newsletter.objects.using(schema_editor.connection.alias).get_or_create(
        slug="daily-briefing-my", defaults=BURMESE_DAILY_BRIEFING
    )


def remove_burmese_daily_briefing(apps, schema_editor):
    Newsletter = apps.get_model("newsletter", "Newsletter")
    Newsletter.objects.using(schema_editor.connection.alias).filter(
        slug="daily-briefing-my", subscribers__isnull=True, issues__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0005_newsletter_language")]

    operations = [
        migrations.RunPython(create_burmese_daily_briefing, remove_burmese_daily_briefing),
    ]
