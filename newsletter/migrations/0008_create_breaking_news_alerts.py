from django.db import migrations

# One alert list per edition, so an editor can send a breaking story on day one.
BREAKING_NEWS = {
    "breaking-news": {
        "name": "Breaking News",
        "description": "The biggest stories the moment they break: a few e-mails a month.",
        "language": "en",
    },
    "breaking-news-my": {
        "name": "အထူးသတင်း",
        "description": "အရေးကြီးသတင်းများ ထွက်ပေါ်လာသည်နှင့် ချက်ချင်း အီးမေးလ်ဖြင့် ပို့ပေးပါသည်။",
        "language": "my",
    },
}


def create_breaking_news(apps, schema_editor):
    Newsletter = apps.get_model("newsletter", "Newsletter")
    for slug, fields in BREAKING_NEWS.items():
        Newsletter.objects.using(schema_editor.connection.alias).get_or_create(
            slug=slug, defaults={**fields, "kind": "alerts", "template": "briefing"}
        )


def remove_breaking_news(apps, schema_editor):
    Newsletter = apps.get_model("newsletter", "Newsletter")
    Newsletter.objects.using(schema_editor.connection.alias).filter(
        slug__in=BREAKING_NEWS, subscribers__isnull=True, issues__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0007_kinds_schedules_preferences_and_outcomes")]

    operations = [migrations.RunPython(create_breaking_news, remove_breaking_news)]
