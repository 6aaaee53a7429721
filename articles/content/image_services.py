"""Re-cleaning images stored before uploads were stripped of their metadata."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Replace

from articles.content.images import delete_files
from articles.models import Article, Image


def reclean_image(*, image: Image) -> None:
    """Store `image` again as a new upload would be: stripped, upright, renamed, with
    fresh renditions; then delete the old files, which still carry metadata.

    Article bodies that show the original (body-editor uploads link it) are pointed at
    the new file in the same transaction; the old files go once that commits.
    """
    storage = image.file.storage
    old_url = image.file.url
    old_names = [image.file.name, *image.renditions.values()]
    if image.email_rendition:
        old_names.append(image.email_rendition)
    image.file.open("rb")
    try:
        data = image.file.read()
    finally:
        image.file.close()
    # An unsaved file: Image.save() cleans and renames it before storing it.
    image.file = ContentFile(data, name=image.file.name)
    with transaction.atomic():
        image.save()
        # A new edit version, as for any change to a body: a form opened on the old
        # body would otherwise put the old file's URL back.
        Article.objects.filter(body__contains=old_url).update(
            body=Replace("body", Value(old_url), Value(image.file.url)),
            edit_version=F("edit_version") + 1,
        )
        transaction.on_commit(lambda: delete_files(storage, old_names))
