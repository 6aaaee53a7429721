"""The newsroom's two roles as groups (articles/workflow/roles.py says what each may do).

Contributors write: they add and edit stories (the admin limits them to their own
drafts), upload images, and see sections, authors and tags to fill in a story.
Editors hold every permission on stories, authors, images, tags, old URLs, sections,
static pages and redirects, plus publishing (`publish_article`); the newsletter app
adds its own models to the Editor group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTOR = {
    "articles": [
        "add_article",
        "change_article",
        "view_article",
        "change_author",
        "view_author",
        "add_image",
        "change_image",
        "view_image",
        "view_tag",
    ],
    "sections": ["view_section"],
}
EDITOR_MODELS = {
    "articles": [
        "article",
        "author",
        "image",
        "tag",
        "articleredirect",
        "correction",
        "articleevent",
    ],
    "sections": ["section"],
    "flatpages": ["flatpage"],
    "redirects": ["redirect"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after `migrate` (post_migrate); make them now.
    for label in ["articles", "sections", "flatpages", "redirects"]:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    contributor, _ = Group.objects.get_or_create(name="Contributor")
    for app_label, codenames in CONTRIBUTOR.items():
        contributor.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    editor, _ = Group.objects.get_or_create(name="Editor")
    for app_label, models in EDITOR_MODELS.items():
        editor.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models)
        )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Contributor", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_add_review_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sections", "0004_fallback_slugs_and_explain_inactive"),
        ("flatpages", "0001_initial"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
