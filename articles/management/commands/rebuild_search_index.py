from django.core.management.base import BaseCommand
from django.db import connection

from articles.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Recompute the stored search vector of every article (PostgreSQL). Saves keep "
        "it current; run this after bulk imports or a change to the search weights."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: SQLite searches the text columns directly.")
            return
        count = rebuild_index(batch_size=options["batch_size"])
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Re-indexed {count} articles."))
