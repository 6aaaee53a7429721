"""Galleries for both roles (the groups of articles 0012): contributors make and fill
galleries for their stories, as they upload images; editors hold every permission on
them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTOR = [
    "add_gallery",
    "change_gallery",
    "view_gallery",
    "add_galleryitem",
    "change_galleryitem",
    "delete_galleryitem",
    "view_galleryitem",
]
EDITOR_MODELS = ["gallery", "galleryitem"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    articles = Permission.objects.filter(content_type__app_label="articles")
    contributor, _ = Group.objects.get_or_create(name="Contributor")
    contributor.permissions.add(*articles.filter(codename__in=CONTRIBUTOR))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(*articles.filter(content_type__model__in=EDITOR_MODELS))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    gallery_permissions = Permission.objects.filter(
        content_type__app_label="articles", content_type__model__in=EDITOR_MODELS
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Contributor", "Editor"]):
        group.permissions.remove(*gallery_permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_media_library_galleries_embeds_share_cards")]

    operations = [migrations.RunPython(grant, revoke)]
