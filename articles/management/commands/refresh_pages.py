from django.core.management.base import BaseCommand

from articles.caching import bump_content_version


class Command(BaseCommand):
    help = (
        "Set a new content version: every cached page, list and count is built afresh on "
        "its next request, in every process. Run it after changing content with SQL (a "
        "retraction needs no help: kept pages are checked against published() when "
        "served) and after an upgrade that changes templates."
    )

    def handle(self, *args, **options):
        bump_content_version()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("Cached pages will be built afresh."))
