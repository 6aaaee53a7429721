"""What the image backfill commands (`strip_image_metadata`, `make_image_crops`) share:
go through the images that need the work one at a time, list them with `-v 2`, stop
with the image's name on a file that cannot be read, and say how many were done (or,
with `--dry-run`, would be)."""

from django.core.management.base import BaseCommand, CommandError


class ImageBackfillCommand(BaseCommand):
    dry_run_help = "Only list the images that need it."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def images(self):
        """The images that need the work, as a queryset."""
        raise NotImplementedError

    def fix(self, image) -> None:
        raise NotImplementedError

    def done_message(self, count: int, *, dry_run: bool) -> str:
        raise NotImplementedError

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        # A list, not an iterator: each image is saved while the loop runs.
        images = list(self.images().order_by("pk"))
        for image in images:
            if verbosity >= 2:
                self.stdout.write(f"Image {image.pk}: {image.file.name}")
            if dry_run:
                continue
            try:
                self.fix(image)
            except (OSError, SyntaxError, ValueError) as error:
                raise CommandError(f"Image {image.pk} ({image.file.name}): {error}") from error
        if verbosity >= 1:
            self.stdout.write(self.done_message(len(images), dry_run=dry_run))
