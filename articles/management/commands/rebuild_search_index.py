from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from articles.caching import bump_content_version
from articles.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Recompute the search data of every article (PostgreSQL vectors, SQLite FTS5 "
        "rows). Saves keep it current; run this after bulk imports that bypass save() "
        "or a change to the search weights."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        count = rebuild_index(batch_size=options["batch_size"])
        # Search pages kept in the page cache show the old index's answers.
        bump_content_version()
        if options["verbosity"]:
            message = ngettext("Re-indexed %d article.", "Re-indexed %d articles.", count)
            self.stdout.write(self.style.SUCCESS(message % count))
