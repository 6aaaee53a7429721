"""`manage.py compile_translations` builds what `msgfmt` would, without gettext tools."""

import gettext
from pathlib import Path

import polib
from django.conf import settings as project_settings
from django.core.management import call_command
from django.utils import translation

CATALOGUE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Search"
msgstr "ရှာဖွေရန်"

#, fuzzy
msgid "Most read"
msgstr "အများဆုံးဖတ်"

msgid "Home"
msgstr ""

msgid "%(minutes)s min read"
msgid_plural "%(minutes)s min read"
msgstr[0] "%(minutes)s မိနစ် ဖတ်ရန်"
"""


def test_the_catalogue_compiles_leaving_out_fuzzy_and_untranslated_entries(tmp_path, settings):
    messages = tmp_path / "my" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(CATALOGUE, encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]

    call_command("compile_translations", verbosity=0)

    with (messages / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert catalogue.gettext("Search") == "ရှာဖွေရန်"
    assert catalogue.gettext("Most read") == "Most read"  # fuzzy: not trusted
    assert catalogue.gettext("Home") == "Home"
    assert catalogue.ngettext("%(minutes)s min read", "%(minutes)s min read", 5) == (
        "%(minutes)s မိနစ် ဖတ်ရန်"
    )


def test_django_speaks_the_committed_catalogue():
    committed = polib.pofile(
        str(Path(project_settings.LOCALE_PATHS[0]) / "my" / "LC_MESSAGES" / "django.po")
    )
    singular = [entry for entry in committed.translated_entries() if not entry.msgid_plural]
    assert singular
    with translation.override("my"):
        for entry in singular:
            if entry.msgctxt:
                shown = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                shown = translation.gettext(entry.msgid)
            assert shown == entry.msgstr, entry.msgid
