"""An article page's tags, other sections and corrections read with the story's row
(`with_page_lists()`, `articles.json_rows`): the same objects, in the same order, as
the prefetches of `for_page()`."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from articles import selectors
from articles.models import Article, Correction
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "tags": ["id", "name", "slug"],
    "secondary_sections": [
        "id",
        "name",
        "slug",
        "parent_id",
        "position",
        "description",
        "show_in_menu",
        "show_in_footer",
        "is_featured",
        "is_active",
        "path",
        "full_name",
        "tree_order",
    ],  # fmt: skip
    "corrections": ["id", "article_id", "kind", "text", "published_at"],
}


def as_prefetched(article: Article) -> dict[str, list[tuple]]:
    return {
        name: [
            tuple(getattr(item, field) for field in fields) for item in getattr(article, name).all()
        ]
        for name, fields in FIELDS.items()
    }


@pytest.fixture
def story():
    news = SectionFactory(name="News", slug="news")
    story = ArticleFactory(
        primary_section=news, tags=["junta", "Banana", "apple", "Zeta", "စစ်ကောင်စီ", "a-b", "ab"]
    )
    burma = SectionFactory(name="Burma", slug="burma", parent=news, position=2)
    story.secondary_sections.add(
        burma,
        SectionFactory(name="Asia", slug="asia", parent=news, position=1),
        SectionFactory(name="Archive", slug="archive", is_active=False),
        SectionFactory(name="Yangon", slug="yangon", parent=burma),
        SectionFactory(name="Opinion", slug="a-b"),
        SectionFactory(name="Other", slug="ab"),
    )
    same_time = timezone.now() - timedelta(minutes=5)
    for text, published_at in [
        ("Second", same_time),
        ("First", same_time - timedelta(microseconds=1)),
        ("Third, same time as the second", same_time),
        ("Scheduled note", timezone.now() + timedelta(days=1)),
    ]:
        Correction.objects.create(article=story, text=text, published_at=published_at)
    ArticleFactory(primary_section=news, tags=["junta"]).corrections.create(text="Not this one")
    return story


def page_of(story) -> Article:
    return selectors.article_page(section_path=story.primary_section.path, slug=story.slug)


def test_the_row_brings_what_the_prefetches_would(story, django_assert_num_queries):
    prefetched = Article.objects.for_page().get(pk=story.pk)
    # The content version is a query only without Redis (a database table).
    version = 0 if settings.REDIS_URL else 1
    with django_assert_num_queries(version + 2):  # the row, the bylines
        from_row = page_of(story)
    assert as_prefetched(from_row) == as_prefetched(prefetched)
    assert len(as_prefetched(from_row)["tags"]) == 7
    with django_assert_num_queries(version + 1):  # the row; the rest is cached
        assert as_prefetched(page_of(story)) == as_prefetched(prefetched)
    assert [c.text for c in from_row.corrections.all()][:2] == ["First", "Second"]


def test_a_story_retracted_without_a_signal_is_gone_with_its_lists_cached(story):
    page_of(story)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)
    with pytest.raises(Article.DoesNotExist):
        page_of(story)


def test_a_story_without_lists_gets_empty_ones():
    story = ArticleFactory()
    assert as_prefetched(page_of(story)) == {
        "tags": [],
        "secondary_sections": [],
        "corrections": [],
    }
