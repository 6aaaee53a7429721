import django.contrib.postgres.search
from django.db import migrations

# One text-search configuration for both scripts: English stemming for ASCII words,
# and `simple` (lower-casing, no stemming, no stop words) for words with other letters
# — Myanmar script above all — so one vector and one query cover both.
CREATE_CONFIG = """
CREATE TEXT SEARCH CONFIGURATION newsroom_search (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION newsroom_search
    ALTER MAPPING FOR word, hword, hword_part WITH simple;
"""
DROP_CONFIG = "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_search"


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_CONFIG)


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CONFIG)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_add_search_vector_and_redirects"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_config, drop_config),
    ]
