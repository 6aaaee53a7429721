"""Names with no letter or digit ("!!!", "—", ">") still get a usable slug, so one odd
tag, section or author never takes a story, a list, a feed or a sitemap offline."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Author, Tag
from sections.models import Section
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

UNSLUGGABLE = ["!!!", "—", ">", "?!", "…"]


@pytest.mark.parametrize("name", UNSLUGGABLE)
def test_a_story_tagged_with_a_punctuation_only_tag_still_answers(client, name):
    article = ArticleFactory(headline="Curfew extended", tags=[name])
    tag = Tag.objects.get(name=name)

    assert tag.slug
    story = client.get(article.get_absolute_url())
    assert story.status_code == 200
    assert tag.get_absolute_url().encode() in story.content
    tag_page = client.get(tag.get_absolute_url())
    assert tag_page.status_code == 200
    assert b"Curfew extended" in tag_page.content
    assert client.get(f"{tag.get_absolute_url()}feed/").status_code == 200


def test_every_public_list_survives_a_bad_tag(client):
    ArticleFactory(tags=UNSLUGGABLE)

    for url in ["/", "/sitemap.xml", "/sitemap-tags.xml", "/news-sitemap.xml", "/feed/"]:
        assert client.get(url).status_code == 200, url
    sitemap = client.get("/sitemap-tags.xml").content.decode()
    for tag in Tag.objects.all():
        assert tag.get_absolute_url() in sitemap


def test_unsluggable_tags_get_distinct_slugs():
    ArticleFactory(tags=UNSLUGGABLE)

    slugs = list(Tag.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == len(UNSLUGGABLE)
    assert all(slugs)


def test_an_unsluggable_section_or_author_gets_a_usable_slug(client):
    section = Section.objects.create(name="!!!")
    author = Author.objects.create(name="—")
    article = ArticleFactory(primary_section=section, authors=[author])

    assert section.slug and section.path
    assert author.slug
    assert client.get(section.get_absolute_url()).status_code == 200
    assert client.get(author.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200


def test_two_unsluggable_authors_do_not_clash():
    first = Author.objects.create(name="!!!")
    second = Author.objects.create(name="???")

    assert first.slug != second.slug


@pytest.mark.parametrize(
    "make",
    [
        lambda: Tag.objects.filter(pk=Tag.objects.create(name="Ok").pk).update(slug=""),
        lambda: Author.objects.filter(pk=Author.objects.create(name="Ok").pk).update(slug=""),
        lambda: Section.objects.filter(pk=SectionFactory().pk).update(slug=""),
    ],
    ids=["tag", "author", "section"],
)
def test_the_database_refuses_an_empty_slug(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_stored_empty_slugs_a_fallback():
    """Rows saved with an empty slug before the fix get one, and a section's path with it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [
        ("articles", "0005_add_sqlite_fulltext_index"),
        ("sections", "0003_add_section_full_name"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    parent = old.get_model("sections", "Section").objects.create(
        name="!!!", slug="", path="", tree_order="00000.", full_name="!!!"
    )
    old.get_model("sections", "Section").objects.create(
        name="Burma", slug="burma", parent=parent, path="/burma", tree_order="00000./00000.burma"
    )
    old.get_model("articles", "Tag").objects.create(name="—", slug="")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    tag = Tag.objects.get(name="—")
    assert tag.slug.startswith("tag-")
    fixed = Section.objects.get(name="!!!")
    assert fixed.slug.startswith("section-") and fixed.path == fixed.slug
    assert Section.objects.get(slug="burma").path == f"{fixed.slug}/burma"
