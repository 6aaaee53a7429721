from django.db import migrations

FTS_TABLE = "articles_search_fts"
# Myanmar letters, signs and digits as word characters: unicode61 would otherwise
# split a syllable at every vowel sign and keep only its consonants. Punctuation
# (U+104A, U+104B) stays a separator.
MYANMAR_WORD_CHARS = "".join(
    chr(code)
    for block in (range(0x1000, 0x10A0), range(0xA9E0, 0xAA00), range(0xAA60, 0xAA80))
    for code in block
    if code not in (0x104A, 0x104B)
)


def create_fts_table(apps, schema_editor):
    # SQLite only: PostgreSQL searches the stored tsvector columns instead.
    if schema_editor.connection.vendor != "sqlite":
        return
    tokenizer = f"porter unicode61 remove_diacritics 2 tokenchars '{MYANMAR_WORD_CHARS}'"
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
        f"USING fts5(headline, standfirst, tags, body, tokenize = \"{tokenizer}\")"
    )


def drop_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_add_search_config_and_rank_vector"),
    ]

    operations = [
        migrations.RunPython(create_fts_table, drop_fts_table),
    ]
