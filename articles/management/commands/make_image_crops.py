from django.db import transaction
from django.utils.translation import ngettext

from articles.management.image_backfill import ImageBackfillCommand
from articles.models import Image


class Command(ImageBackfillCommand):
    help = (
        "Cut the share-card, list-card and e-mail crops (around each focal point) for "
        "images stored before crops existed. Re-runs skip images that have them."
    )
    dry_run_help = "Only list the images that need crops."

    def images(self):
        return Image.objects.filter(crops={})

    def fix(self, image) -> None:
        with transaction.atomic():
            image.recrop()

    def done_message(self, count: int, *, dry_run: bool) -> str:
        if dry_run:
            return ngettext("Would crop %d image.", "Would crop %d images.", count) % count
        return ngettext("Cropped %d image.", "Cropped %d images.", count) % count
