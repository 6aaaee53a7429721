from django.conf import settings
from django.core.management.base import BaseCommand

from articles.readership import services


class Command(BaseCommand):
    help = (
        "Move view counts from Redis into the database and forget expired dedup claims. "
        "Run it every minute; it is safe to re-run after a crash and to run concurrently."
    )
    # Run every minute on every server: the system checks (which import every URLconf,
    # the read API's schemas included) belong to deploys, not to each run.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report how many views are waiting in Redis.",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        if dry_run:
            self.stdout.write(f"{services.pending_views()} views waiting in Redis.")
            return
        result = services.flush_views()
        if verbosity >= 1 and settings.REDIS_URL:
            self.stdout.write(f"Flushed {result.views} views in {result.batches} batch(es).")
        elif verbosity >= 2:
            self.stdout.write("REDIS_URL is not set: views go straight to the database.")
