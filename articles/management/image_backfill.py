"""What the image backfill commands (`strip_image_metadata`, `make_image_crops`) share:
go through the images that need the work one at a time, list them with `-v 2`, and
stop with the image's name on a file that cannot be read."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError


def backfill_images(
    command: BaseCommand, images, fix: Callable, *, dry_run: bool, verbosity: int
) -> int:
    """Run `fix(image)` on each of `images` (a queryset; with `dry_run`, only list them)
    and return how many there were."""
    # A list, not an iterator: each image is saved while the loop runs.
    images = list(images.order_by("pk"))
    for image in images:
        if verbosity >= 2:
            command.stdout.write(f"Image {image.pk}: {image.file.name}")
        if dry_run:
            continue
        try:
            fix(image)
        except (OSError, SyntaxError, ValueError) as error:
            raise CommandError(f"Image {image.pk} ({image.file.name}): {error}") from error
    return len(images)
