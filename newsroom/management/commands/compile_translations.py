"""Compile the project's message catalogues (`LOCALE_PATHS`) to `.mo` files.

Django's `compilemessages` needs GNU gettext's `msgfmt`, which a fresh machine may not
have; polib compiles the same catalogue in pure Python. Fuzzy and untranslated entries
are left out, as `msgfmt` leaves them out. The `.mo` files are build output: they are
not committed (`.gitignore`), and `make` runs this before the site or tests start.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo files (no gettext tools needed)."

    def handle(self, *args, **options):
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                if options["verbosity"]:
                    self.stdout.write(
                        f"{po_path}: {len(catalogue.translated_entries())} messages "
                        f"({catalogue.percent_translated()}% translated)",
                    )
