"""Each image's size in bytes, stored so that feeds (their enclosures' `length`) need
not ask the storage for it: on object storage that is a request per image per feed.
Images already stored are measured once here; one whose file is missing keeps no size.
"""

from django.db import migrations, models


def measure_stored_images(apps, schema_editor):
    Image = apps.get_model("articles", "Image")
    storage = Image._meta.get_field("file").storage
    for image in Image.objects.filter(file_size=None).exclude(file="").iterator():
        if storage.exists(image.file.name):
            image.file_size = storage.size(image.file.name)
            image.save(update_fields=["file_size"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_create_contributor_and_editor_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="file_size",
            field=models.PositiveIntegerField(
                editable=False,
                help_text="Bytes of the stored original, kept so that feeds need not ask "
                "the storage (a request per image on object storage).",
                null=True,
            ),
        ),
        migrations.RunPython(measure_stored_images, migrations.RunPython.noop),
    ]
