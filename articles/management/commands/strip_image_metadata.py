from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from articles.content.image_services import reclean_image
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
        # A list, not an iterator: each image is saved while the loop runs.
        images = list(Image.objects.filter(metadata_stripped=False).order_by("pk"))
        for image in images:
            if verbosity >= 2:
                self.stdout.write(f"Image {image.pk}: {image.file.name}")
            if dry_run:
                continue
            try:
                reclean_image(image=image)
            except (OSError, SyntaxError, ValueError) as error:
                raise CommandError(f"Image {image.pk} ({image.file.name}): {error}") from error
        if verbosity >= 1:
            if dry_run:
                message = ngettext("Would clean %d image.", "Would clean %d images.", len(images))
            else:
                message = ngettext("Cleaned %d image.", "Cleaned %d images.", len(images))
            self.stdout.write(message % len(images))
