import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.models import Article
from newsroom.demo.accounts import ensure_demo_accounts
from newsroom.demo.builder import build_demo


class Command(BaseCommand):
    help = (
        "Build a demo newsroom (sections, authors, ~150 tags, images, static pages and "
        "articles with views), and in development one login per role. Idempotent: a "
        "second run adds nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=300, help="How many articles.")
        parser.add_argument("--images", type=int, default=24, help="How many demo images.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has articles (used by `make run`).",
        )

    def handle(self, *args, **options):
        if options["articles"] < 0 or options["images"] < 0:
            raise CommandError("--articles and --images must not be negative.")
        if settings.DEBUG:
            for account in ensure_demo_accounts():
                if options["verbosity"]:
                    self.stdout.write(
                        f"{account.role} login: {account.username} / {account.password}"
                    )
        if options["if_empty"] and Article.objects.exists():
            if options["verbosity"]:
                self.stdout.write("Articles exist already; demo content left as it is.")
            return
        started = time.monotonic()
        report = build_demo(
            articles=options["articles"], images=options["images"], seed=options["seed"]
        )
        # Planner statistics for the new rows: without them PostgreSQL picks plans for
        # empty tables (nested loops over the whole archive) until autovacuum runs.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo newsroom ready in {time.monotonic() - started:.1f}s: added "
                    f"{report.sections} sections, {report.authors} authors, {report.tags} "
                    f"tags, {report.images} images, {report.pages} static pages, "
                    f"{report.articles} articles ({report.pairs} translation pairs), "
                    f"{report.newsletters} newsletters, {report.comments} comments."
                )
            )
