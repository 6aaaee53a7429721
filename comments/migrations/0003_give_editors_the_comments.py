"""Editors moderate: every permission on comments and reports, and seeing and banning
readers (their profiles). Contributors get none of it, and readers are never staff,
so they never reach the admin at all. (The groups are made by articles' 0012.)"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMENT_MODELS = ["comment", "commentreport"]
# Readers' profiles are made by signing up, never in the admin.
READER_CODENAMES = ["view_readerprofile", "change_readerprofile"]


def grant_editors(apps, schema_editor):
    for label in ["comments", "accounts"]:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.get(name="Editor")
    editor.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", content_type__model__in=COMMENT_MODELS
        ),
        *Permission.objects.filter(
            content_type__app_label="accounts", codename__in=READER_CODENAMES
        ),
    )


def revoke_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for editor in Group.objects.filter(name="Editor"):
        editor.permissions.remove(
            *editor.permissions.filter(content_type__app_label__in=["comments", "accounts"])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_add_comment_first_approved_at"),
        ("accounts", "0001_initial"),
        ("articles", "0012_create_contributor_and_editor_groups"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
