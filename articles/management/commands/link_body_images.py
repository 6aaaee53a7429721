from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from articles.caching import bump_content_version
from articles.content.body_images import link_library_images
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Tie the library images in stories saved before bodies referred to the media "
        "library (their <img> shows an image's file) to that image, so readers get its "
        "renditions, caption and credit. Saving a story does the same; run this once "
        "after upgrading. Re-runs change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the stories that would change."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        changed = 0
        stories = Article.objects.filter(body__contains="<img").only("pk", "body").order_by("pk")
        for story in stories.iterator(chunk_size=200):
            linked = link_library_images(story.body)
            if linked == story.body:
                continue
            changed += 1
            if verbosity >= 2:
                self.stdout.write(f"Story {story.pk}")
            if not dry_run:
                # Not save(): the story's meaning is unchanged, so no new edit version,
                # revision or modified time.
                Article.objects.filter(pk=story.pk).update(body=linked)
        if changed and not dry_run:
            bump_content_version()
        if verbosity >= 1:
            if dry_run:
                message = ngettext("Would link %d story.", "Would link %d stories.", changed)
            else:
                message = ngettext("Linked %d story.", "Linked %d stories.", changed)
            self.stdout.write(message % changed)
