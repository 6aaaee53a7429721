"""The blocks around a story: worked out once per content version, shown through
`published()` on every view, with a fixed number of queries."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.around import story_ids
from articles.caching import content_version
from articles.models import Article, Correction
from articles.workflow import corrections
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

# The story's own row (its tags, sections and corrections with it), the content
# version (on the database cache; none with Redis), which of the blocks' and the
# sidebar's cached ids are live (one query for both). The story's bylines and the
# HTML of the stories shown around it come from the cache.
WARM_ARTICLE_QUERIES = 3


@pytest.fixture
def burma():
    return SectionFactory(name="Burma", slug="burma", parent=SectionFactory(slug="news"))


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def story_in(section, headline, *, hours, **kwargs):
    return ArticleFactory(
        primary_section=section, headline=headline, publish_at=hours_ago(hours), **kwargs
    )


def texts(html, selector):
    return [node.text for node in parse(html).all(selector)]


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("tag_count", [1, 30])
def test_a_warm_article_page_runs_a_fixed_number_of_queries(
    client, burma, tag_count, django_assert_max_num_queries
):
    authors = [AuthorFactory(photo=ImageFactory()) for _ in range(3)]
    tags = [f"topic-{n}" for n in range(tag_count)]
    story = story_in(burma, "The story", hours=1, tags=tags, authors=authors)
    for n in range(12):
        story_in(burma, f"Neighbour {n}", hours=2 + n, tags=tags[: 1 + n % tag_count])
    for n in range(tag_count):
        corrections.add(article=story, kind=Correction.Kind.CORRECTION, text=f"Fix {n}", user=None)
    page(client, story)  # works out the blocks and the sidebar lists
    with django_assert_max_num_queries(WARM_ARTICLE_QUERIES):
        html = page(client, story)
    assert len(texts(html, "#similar-stories .card-headline")) == 5


def test_the_blocks_are_worked_out_once_per_content_version(client, burma):
    story = story_in(burma, "The story", hours=1, tags=["junta"])
    story_in(burma, "Older", hours=2, tags=["junta"])
    version = content_version()
    first = story_ids(story, version=version)
    Article.objects.filter(pk=story.pk).update(headline="Changed without a signal")
    assert story_ids(story, version=version) == first
    story_in(burma, "Newer", hours=0.5)  # an editor's save sets a new version
    assert content_version() != version
    assert story_ids(story, version=content_version()) != first


def test_a_story_retracted_by_update_leaves_every_block_at_once(client, burma):
    story = story_in(burma, "The story", hours=3, tags=["junta"])
    before = story_in(burma, "Just before", hours=4, tags=["junta"])
    story_in(burma, "Long before", hours=5, tags=["junta"])
    after = story_in(burma, "Just after", hours=2, tags=["junta"])
    story_in(burma, "Long after", hours=1, tags=["junta"])
    story.related_articles.add(before)
    html = page(client, story)
    assert "Just before" in texts(html, "aside.related li")
    assert "Just after" in " ".join(texts(html, "nav.prev-next a"))

    # No signal, no new content version: the cached ids stay, the rule drops them.
    Article.objects.filter(pk__in=[before.pk, after.pk]).update(status=Article.Status.DRAFT)
    html = page(client, story)
    assert "Just before" not in html and "Just after" not in html
    prev_next = " ".join(texts(html, "nav.prev-next a"))
    assert "Long before" in prev_next and "Long after" in prev_next  # the spares


def test_an_editors_change_to_a_neighbour_shows_on_the_next_view(client, burma):
    story = story_in(burma, "The story", hours=1, tags=["junta"])
    neighbour = story_in(burma, "Old headline", hours=2, tags=["junta"])
    assert "Old headline" in page(client, story)
    neighbour.headline = "New headline"
    neighbour.save()
    html = page(client, story)
    assert "New headline" in html and "Old headline" not in html


def test_a_change_to_bylines_tags_or_corrections_shows_on_the_next_view(client, burma):
    author = AuthorFactory(name="Daw Aye", bio="Reports from Yangon.")
    world = SectionFactory(name="World", slug="world")
    story_in(world, "Tagged sagaing", hours=3, tags=["sagaing"])  # the tag exists
    story = story_in(burma, "The story", hours=1, tags=["junta"], authors=[author])
    page(client, story)  # the page's extras are cached now
    author.bio = "Reports from Mandalay."
    author.save()
    html = page(client, story)
    assert "Reports from Mandalay." in html and "Reports from Yangon." not in html
    story.tags.add("sagaing")
    assert set(texts(page(client, story), ".story-tags a")) == {"junta", "sagaing"}
    story.secondary_sections.add(world)
    assert "World" in texts(page(client, story), ".story-sections a")
    corrections.add(article=story, kind=Correction.Kind.CORRECTION, text="A fix.", user=None)
    assert "A fix." in page(client, story)


def test_a_retracted_story_answers_404_however_warm_its_cache(client, burma):
    story = story_in(burma, "The story", hours=1, tags=["junta"])
    page(client, story)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_scheduled_story_joins_the_blocks_when_its_time_comes(client, burma):
    story = story_in(burma, "The story", hours=1, tags=["junta"])
    goes_live = timezone.now() + timedelta(seconds=3)  # room for a slow first page
    ArticleFactory(
        primary_section=burma, headline="Scheduled story", tags=["junta"], publish_at=goes_live
    )
    assert "Scheduled story" not in page(client, story)
    time.sleep(max(0, (goes_live - timezone.now()).total_seconds()) + 0.2)
    html = page(client, story)
    assert "Scheduled story" in " ".join(texts(html, "nav.prev-next a.next"))
    assert "Scheduled story" in texts(html, "#similar-stories .card-headline")


def test_previous_and_next_order_stories_published_at_the_same_time_by_id(client, burma):
    at = hours_ago(2)
    first, second, third = (story_in(burma, f"Same time {n}", hours=0) for n in range(3))
    Article.objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(publish_at=at)
    html = page(client, second)
    assert texts(html, "nav.prev-next a[rel=prev]") == ["Previous story Same time 0"]
    assert texts(html, "nav.prev-next a[rel=next]") == ["Next story Same time 2"]


def test_you_may_also_like_leaves_out_the_related_stories(client, burma):
    story = story_in(burma, "The story", hours=1)
    neighbours = [story_in(burma, f"Neighbour {n}", hours=2 + n) for n in range(8)]
    story.related_articles.add(neighbours[0], neighbours[1])
    html = page(client, story)
    also_like = texts(html, ".also-like li")
    assert len(also_like) == 5
    assert "Neighbour 0" not in also_like and "Neighbour 1" not in also_like
    assert also_like[0] == "Neighbour 2"


def test_similar_picks_mix_the_section_and_shared_tags_newest_first(client, burma):
    elsewhere = SectionFactory(slug="world")
    story = story_in(burma, "The story", hours=1, tags=["junta"])
    story_in(elsewhere, "Tagged elsewhere", hours=2, tags=["junta"])
    story_in(burma, "Same section", hours=3)
    story_in(elsewhere, "Unrelated", hours=4, tags=["sport"])
    html = page(client, story)
    assert texts(html, "#similar-stories .card-headline") == ["Tagged elsewhere", "Same section"]


def test_a_renamed_section_or_author_shows_in_the_cached_blocks_at_once(client, burma):
    author = AuthorFactory(name="Daw Aye")
    story = story_in(burma, "The story", hours=1, tags=["junta"])
    story_in(burma, "Neighbour", hours=2, tags=["junta"], authors=[author])
    html = page(client, story)
    assert ">Burma</a>" in html and "Daw Aye" in html
    burma.name = "Myanmar"
    burma.save()
    author.name = "Daw Aye Aye"
    author.save()
    cards = parse(page(client, story)).one("#similar-stories")
    assert [link.text for link in cards.all(".card-section")] == ["Myanmar"]
    assert "Daw Aye Aye" in cards.one(".card-meta").text
