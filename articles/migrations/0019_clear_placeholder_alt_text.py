"""Images uploaded through the body editor before it asked for alt text were saved
with a placeholder as their alt text. Readers' screen readers read it out ("Uploaded in
the body editor: describe this image"), which says nothing about the picture. Empty,
the image is skipped instead, the library's "Alt text: missing" filter finds it, and
its form asks for a description before it can be saved again."""

from django.db import migrations

# The old upload view's words (English only: the catalogue never translated them).
PLACEHOLDER = "Uploaded in the body editor: describe this image"


def clear_placeholder(apps, schema_editor):
    apps.get_model("articles", "Image").objects.filter(alt_text=PLACEHOLDER).update(alt_text="")


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_c_gallery_permissions")]

    operations = [migrations.RunPython(clear_placeholder, migrations.RunPython.noop)]
