"""Editors manage newsletters, subscribers and issues; contributors touch none of them
(the groups are made by articles' 0010 migration)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_editors(apps, schema_editor):
    app_config = apps.get_app_config("newsletter")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.get(name="Editor")
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="newsletter"))


def revoke_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for editor in Group.objects.filter(name="Editor"):
        editor.permissions.remove(*editor.permissions.filter(content_type__app_label="newsletter"))


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0003_create_ratelimit_cache_table"),
        ("articles", "0012_create_contributor_and_editor_groups"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
