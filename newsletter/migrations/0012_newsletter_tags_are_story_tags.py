"""A newsletter's tags are the newsroom's story tags (`articles.Tag`, what editors tag
stories with), not django-taggit's stock `taggit.Tag` table, which no story uses: 0007
pointed the field there. No newsletter can have meaningful rows in the old table, so
the field is made again rather than converted."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_articleevent_translation_actions"),
        ("newsletter", "0008_create_breaking_news_alerts"),
    ]

    operations = [
        migrations.RemoveField(model_name="newsletter", name="tags"),
        migrations.AddField(
            model_name="newsletter",
            name="tags",
            field=models.ManyToManyField(
                blank=True,
                help_text="…or stories with one of these tags.",
                related_name="+",
                to="articles.tag",
                verbose_name="tags",
            ),
        ),
    ]
