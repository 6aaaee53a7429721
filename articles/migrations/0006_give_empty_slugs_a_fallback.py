from django.conf import settings
from django.db import migrations, models

from newsroom.text import slug_for


def give_empty_slugs_a_fallback(apps, schema_editor):
    """Tags, authors and stories named only with punctuation ("!!!", "—") were saved
    with an empty slug, from which no URL can be made: give each the fallback slug."""
    for model_name, name_field, prefix, unique_within in [
        ("Tag", "name", "tag", None),
        ("Author", "name", "author", None),
        ("Article", "headline", "story", "primary_section_id"),
    ]:
        model = apps.get_model("articles", model_name)
        for item in model.objects.filter(slug=""):
            slug = slug_for(getattr(item, name_field), prefix=prefix)
            clashes = model.objects.filter(slug=slug)
            if unique_within:
                clashes = clashes.filter(**{unique_within: getattr(item, unique_within)})
            item.slug = f"{slug}-{item.pk}" if clashes.exists() else slug
            item.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_add_sqlite_fulltext_index"),
        ("sections", "0004_fallback_slugs_and_explain_inactive"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(give_empty_slugs_a_fallback, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug", ""), _negated=True), name="article_slug_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="author",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug", ""), _negated=True), name="author_slug_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug", ""), _negated=True), name="tag_slug_not_empty"
            ),
        ),
    ]
