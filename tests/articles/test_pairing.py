"""`articles.editions.pair()`: a story and its translation always point at each other."""

import pytest

from articles.caching import content_version
from articles.editions import pair
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def counterpart_ids(*stories) -> list[int | None]:
    rows = dict(
        Article.objects.filter(pk__in=[s.pk for s in stories]).values_list("pk", "counterpart")
    )
    return [rows[story.pk] for story in stories]


def test_pairing_links_both_stories_at_once():
    english, burmese = ArticleFactory(), ArticleFactory(language="my")
    pair(english, burmese)
    assert counterpart_ids(english, burmese) == [burmese.pk, english.pk]
    assert english.counterpart == burmese


def test_pairing_again_lets_go_of_both_old_partners():
    english, burmese = ArticleFactory(), ArticleFactory(language="my")
    other_english, other_burmese = ArticleFactory(), ArticleFactory(language="my")
    pair(english, burmese)
    pair(other_english, other_burmese)

    pair(english, other_burmese)

    assert counterpart_ids(english, other_burmese, burmese, other_english) == [
        other_burmese.pk,
        english.pk,
        None,
        None,
    ]


def test_unpairing_clears_both_ways():
    english, burmese = ArticleFactory(), ArticleFactory(language="my")
    pair(english, burmese)
    pair(burmese, None)
    assert counterpart_ids(english, burmese) == [None, None]
    assert burmese.counterpart is None


def test_pairing_moves_both_stories_to_a_new_edit_version_and_the_site_to_a_new_content_version():
    english, burmese = ArticleFactory(), ArticleFactory(language="my")
    versions = dict(Article.objects.values_list("pk", "edit_version"))
    before = content_version()
    pair(english, burmese)
    after = dict(Article.objects.values_list("pk", "edit_version"))
    assert after[english.pk] > versions[english.pk] and after[burmese.pk] > versions[burmese.pk]
    assert english.edit_version == after[english.pk]
    assert content_version() != before  # kept pages stop showing the old links
