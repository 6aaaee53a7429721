from django.db import migrations, models

from newsroom.text import slug_for


def give_empty_slugs_a_fallback(apps, schema_editor):
    """A section named "!!!" was saved with an empty slug (and a broken path): give it
    the fallback slug and rebuild the paths of it and everything below it."""
    Section = apps.get_model("sections", "Section")

    def rebuild(section):
        parent = section.parent
        own_order = f"{section.position:05d}.{section.slug}"
        section.path = f"{parent.path}/{section.slug}" if parent else section.slug
        section.tree_order = f"{parent.tree_order}/{own_order}" if parent else own_order
        section.save(update_fields=["slug", "path", "tree_order"])
        for child in Section.objects.filter(parent=section):
            rebuild(child)

    for section in Section.objects.filter(slug="").select_related("parent"):
        section.slug = slug_for(section.name, prefix="section")
        if Section.objects.filter(parent=section.parent, slug=section.slug).exists():
            section.slug = f"{section.slug}-{section.pk}"
        rebuild(section)


class Migration(migrations.Migration):
    dependencies = [
        ("sections", "0003_add_section_full_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="section",
            name="is_active",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Switched off, the section and those inside it leave the menus and their "
                    "pages answer 404; published stories filed under it stay at their addresses."
                ),
                verbose_name="active",
            ),
        ),
        migrations.RunPython(give_empty_slugs_a_fallback, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug", ""), _negated=True), name="section_slug_not_empty"
            ),
        ),
    ]
