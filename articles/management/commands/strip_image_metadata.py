from django.utils.translation import ngettext

from articles.content.image_services import reclean_image
from articles.management.image_backfill import ImageBackfillCommand
from articles.models import Image


class Command(ImageBackfillCommand):
    help = (
        "Strip metadata (EXIF/GPS, XMP, comments) from images stored before uploads were "
        "cleaned: each original and rendition is stored again under a new random name and "
        "the old files are deleted. Run it once after upgrading; re-runs skip clean images."
    )
    dry_run_help = "Only list the images that need cleaning."

    def images(self):
        return Image.objects.filter(metadata_stripped=False)

    def fix(self, image) -> None:
        reclean_image(image=image)

    def done_message(self, count: int, *, dry_run: bool) -> str:
        if dry_run:
            return ngettext("Would clean %d image.", "Would clean %d images.", count) % count
        return ngettext("Cleaned %d image.", "Cleaned %d images.", count) % count
