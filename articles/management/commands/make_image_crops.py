from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from articles.management.image_backfill import backfill_images
from articles.models import Image


def recrop(image: Image) -> None:
    with transaction.atomic():
        image.recrop()


class Command(BaseCommand):
    help = (
        "Cut the share-card, list-card and e-mail crops (around each focal point) for "
        "images stored before crops existed. Re-runs skip images that have them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the images that need crops."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        images = Image.objects.filter(crops={})
        count = backfill_images(self, images, recrop, dry_run=dry_run, verbosity=verbosity)
        if verbosity >= 1:
            if dry_run:
                message = ngettext("Would crop %d image.", "Would crop %d images.", count)
            else:
                message = ngettext("Cropped %d image.", "Cropped %d images.", count)
            self.stdout.write(message % count)
