from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from articles.content.image_services import reclean_image
from articles.management.image_backfill import backfill_images
from articles.models import Image


class Command(BaseCommand):
    help = (
        "Strip metadata (EXIF/GPS, XMP, comments) from images stored before uploads were "
        "cleaned: each original and rendition is stored again under a new random name and "
        "the old files are deleted. Run it once after upgrading; re-runs skip clean images."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the images that need cleaning."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        images = Image.objects.filter(metadata_stripped=False)
        count = backfill_images(
            self,
            images,
            lambda image: reclean_image(image=image),
            dry_run=dry_run,
            verbosity=verbosity,
        )
        if verbosity >= 1:
            if dry_run:
                message = ngettext("Would clean %d image.", "Would clean %d images.", count)
            else:
                message = ngettext("Cleaned %d image.", "Cleaned %d images.", count)
            self.stdout.write(message % count)
