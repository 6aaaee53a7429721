from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import ngettext

from articles.models import Image


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
        images = list(Image.objects.filter(crops={}).order_by("pk"))
        for image in images:
            if verbosity >= 2:
                self.stdout.write(f"Image {image.pk}: {image.file.name}")
            if dry_run:
                continue
            try:
                with transaction.atomic():
                    image.recrop()
            except (OSError, SyntaxError, ValueError) as error:
                raise CommandError(f"Image {image.pk} ({image.file.name}): {error}") from error
        if verbosity >= 1:
            if dry_run:
                message = ngettext("Would crop %d image.", "Would crop %d images.", len(images))
            else:
                message = ngettext("Cropped %d image.", "Cropped %d images.", len(images))
            self.stdout.write(message % len(images))
