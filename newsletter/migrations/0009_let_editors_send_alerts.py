"""Sending a breaking news alert is a permission of its own (`newsletter.send_alert`),
given to the Editor group as 0004 gave it the newsletter's models; superusers hold it
anyway. Contributors do not get it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_editors(apps, schema_editor):
    app_config = apps.get_app_config("newsletter")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    send_alert = Permission.objects.get(content_type__app_label="newsletter", codename="send_alert")
    for editor in Group.objects.filter(name="Editor"):
        editor.permissions.add(send_alert)


def revoke_editors(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="newsletter", codename="send_alert").delete()


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0008_create_breaking_news_alerts")]

    operations = [
        migrations.AlterModelOptions(
            name="issue",
            options={
                "get_latest_by": "created_at",
                "ordering": ["-created_at", "-pk"],
                "permissions": [("send_alert", "Can send a breaking news alert")],
                "verbose_name": "issue",
                "verbose_name_plural": "issues",
            },
        ),
        migrations.RunPython(grant_editors, revoke_editors),
    ]
