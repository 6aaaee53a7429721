"""Every public page runs at most `BUDGET` SQL queries with every cache empty (the
widgets' caches empty on every content change), the same for a story with one tag,
one author and no corrections as for one with thirty tags, five authors, five
corrections and hand-picked related stories; and no more once the caches are warm.

"Every cache" includes `caches["shared"]`, the content version's home: without
Redis it is a database table, and its queries are counted here too. Every cache is
emptied and a new content version set, as an editor's change leaves them (the version
is set, not deleted: that happens only to a freshly flushed cache, once).
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.caching import bump_content_version
from articles.editions import pair
from articles.models import Correction
from articles.workflow import corrections
from newsletter import subscriptions
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    GalleryFactory,
    ImageFactory,
    SectionFactory,
    gallery_body,
)

pytestmark = pytest.mark.django_db

BUDGET = 10
# A story whose body refers to the media library reads each kind it uses once, however
# many it holds (`articles/content/rendering.py: load_library`): body images, gallery
# photos, embeds.
BODY_REFERENCE_KINDS = 3


def empty_every_cache():
    for alias in settings.CACHES:
        caches[alias].clear()
    bump_content_version()


def queries_for(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


@pytest.fixture
def newsroom():
    """A small story and a big one (30 tags, 5 authors, 5 corrections, 6 related
    stories, 2 more sections, a counterpart in the Burmese edition, its own share
    image) among 40 others;
    returns (small, big) and their pages."""
    news = SectionFactory(name="News", slug="news", is_featured=True)
    burma = SectionFactory(name="Burma", slug="burma", parent=news)
    opinion = SectionFactory(name="Opinion", slug="opinion", is_featured=True)
    authors = [AuthorFactory(photo=ImageFactory()) for _ in range(5)]
    images = [ImageFactory() for _ in range(3)]
    tags = [f"topic-{n}" for n in range(30)]
    others = [
        ArticleFactory(
            primary_section=burma if n % 2 else opinion,
            tags=tags[: n % 7],
            authors=authors[: 1 + n % 3],
            featured_image=images[n % 3],
            is_recommended=n % 5 == 0,
            publish_at=timezone.now() - timedelta(hours=n + 2),
        )
        for n in range(40)
    ]
    for n, story in enumerate(others[:10]):
        story.daily_views.create(day=timezone.localdate(), count=100 - n)
    small = ArticleFactory(primary_section=burma, tags=["junta"], authors=authors[:1], slug="small")
    big = ArticleFactory(
        primary_section=burma, tags=tags, authors=authors, slug="big", social_image=images[0]
    )
    big.secondary_sections.add(news, opinion)
    big.related_articles.add(*others[:6])
    # The big story has a published counterpart in the Burmese edition; the small one none.
    pair(big, ArticleFactory(primary_section=burma, language="my", slug="big-my", tags=tags[:3]))
    for n in range(5):
        corrections.add(article=big, kind=Correction.Kind.CORRECTION, text=f"Note {n}", user=None)
    FlatPage.objects.create(url="/about/", title="About", content="<p>About us.</p>").sites.add(
        Site.objects.get_current()
    )
    subscriptions.default_newsletter()
    return small, big


def story_pages(story) -> dict[str, str]:
    """The pages that show `story` or are about one of its tags or authors."""
    tag = story.tags.order_by("pk").first()
    author = story.authors.order_by("pk").first()
    return {
        "article": story.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "tag feed": reverse("articles:tag-feed", args=[tag.slug]),
        "author": author.get_absolute_url(),
        "author feed": reverse("articles:author-feed", args=[author.slug]),
        "similar picks": reverse("articles:similar", args=[story.pk]),
    }


SITE_PAGES = {
    "home": "/",
    "burmese home": "/my/",
    "burmese section": "/my/news/",
    "burmese feed": "/my/feed/",
    "section": "/news/",
    "sub-section": "/news/burma/",
    "search": "/search/?q=story",
    "static page": "/about/",
    "feed": "/feed/",
    "section feed": "/news/feed/",
    "corrections": "/corrections/",
    "corrections feed": "/corrections/feed/",
    "sitemap index": "/sitemap.xml",
    "articles sitemap": "/sitemap-articles.xml",
    "sections sitemap": "/sitemap-sections.xml",
    "tags sitemap": "/sitemap-tags.xml",
    "authors sitemap": "/sitemap-authors.xml",
    "pages sitemap": "/sitemap-pages.xml",
    "news sitemap": "/news-sitemap.xml",
    "robots.txt": "/robots.txt",
    "newsletter sign-up": "/newsletter/",
}


def cold_and_warm(client, url: str) -> tuple[list[str], list[str]]:
    empty_every_cache()
    cold = queries_for(client, url)
    warm = queries_for(client, url)
    return cold, warm


def within_budget(name: str, cold: list[str], warm: list[str]):
    listing = "\n".join(cold)
    assert len(cold) <= BUDGET, f"{name}: {len(cold)} queries cold:\n{listing}"
    assert len(warm) <= len(cold), f"{name}: {len(warm)} warm > {len(cold)} cold"


@pytest.mark.parametrize("page", list(SITE_PAGES))
def test_a_site_page_runs_a_fixed_small_number_of_queries(client, newsroom, page):
    """Guards N+1 over stories, bylines, sections and widgets on every public page."""
    within_budget(page, *cold_and_warm(client, SITE_PAGES[page]))


STORY_PAGES = ["article", "tag", "tag feed", "author", "author feed", "similar picks"]


@pytest.mark.parametrize("page", STORY_PAGES)
def test_a_story_page_runs_as_many_queries_for_a_big_story_as_for_a_small_one(
    client, newsroom, page
):
    """Guards N+1 over a story's tags, authors, sections, corrections and related
    stories, and over the stories around it."""
    small, big = newsroom
    small_cold, small_warm = cold_and_warm(client, story_pages(small)[page])
    big_cold, big_warm = cold_and_warm(client, story_pages(big)[page])
    within_budget(f"{page} (small story)", small_cold, small_warm)
    within_budget(f"{page} (big story)", big_cold, big_warm)
    assert len(big_cold) == len(small_cold), "\n".join(big_cold)
    assert len(big_warm) == len(small_warm), "\n".join(big_warm)


def test_a_story_with_five_body_images_costs_what_one_with_one_does(client):
    """Guards N+1 over the library images a body refers to (one query for them all)."""
    images = ImageFactory.create_batch(5)
    story = ArticleFactory()

    def page_showing(count: int) -> tuple[list[str], list[str]]:
        story.body = "".join(
            f'<figure class="image"><img src="{image.file.url}" alt=""></figure><p>Text.</p>'
            for image in images[:count]
        )
        story.save()
        return cold_and_warm(client, story.get_absolute_url())

    one_cold, one_warm = page_showing(1)
    five_cold, five_warm = page_showing(5)
    assert 'loading="lazy"' in client.get(story.get_absolute_url()).content.decode()
    within_budget("article (one body image)", one_cold, one_warm)
    within_budget("article (five body images)", five_cold, five_warm)
    assert len(five_cold) == len(one_cold), "\n".join(five_cold)
    assert len(five_warm) == len(one_warm), "\n".join(five_warm)


def test_a_story_page_runs_as_many_queries_for_twelve_gallery_photos_as_for_three(client, newsroom):
    """Guards N+1 over a gallery's photos and their images in a story's body."""
    burma = newsroom[0].primary_section
    pages = {}
    for photos in (3, 12):
        story = ArticleFactory(
            primary_section=burma,
            slug=f"gallery-of-{photos}",
            body=gallery_body(GalleryFactory(photos=photos)),
        )
        pages[photos] = cold_and_warm(client, story.get_absolute_url())
        shown = client.get(story.get_absolute_url()).content.decode()
        assert shown.count('class="gallery-item"') == photos
    (three_cold, three_warm), (twelve_cold, twelve_warm) = pages[3], pages[12]
    # The body's references cost one read (`load_library`): the photos with their images.
    plain_cold, _ = cold_and_warm(client, newsroom[0].get_absolute_url())
    assert len(three_cold) == len(plain_cold) + 1, "\n".join(three_cold)
    assert len(three_warm) <= len(three_cold), "\n".join(three_warm)
    assert len(twelve_cold) == len(three_cold), "\n".join(twelve_cold)
    assert len(twelve_warm) == len(three_warm), "\n".join(twelve_warm)


def test_a_story_holding_every_kind_of_reference_costs_one_read_per_kind(client, newsroom):
    """Body images, a gallery and embeds: three reads in all, whatever their number."""
    small, big = newsroom
    images = ImageFactory.create_batch(2)
    embeds = "".join(
        f'<figure class="media"><oembed url="{url}"></oembed></figure>'
        for url in (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://x.com/example/status/1234567890",
            "https://t.me/example/42",
        )
    )
    small.body = (
        "".join(f'<figure class="image"><img src="{i.file.url}" alt=""></figure>' for i in images)
        + gallery_body(GalleryFactory(photos=12))
        + embeds
        + small.body
    )
    plain_cold, _ = cold_and_warm(client, big.get_absolute_url())
    small.save()

    cold, warm = cold_and_warm(client, small.get_absolute_url())

    shown = client.get(small.get_absolute_url()).content.decode()
    assert shown.count('class="gallery-item"') == 12
    assert shown.count('class="embed ') == 3 and shown.count("srcset=") >= 14
    assert len(cold) == len(plain_cold) + 3, "\n".join(cold)
    assert len(cold) <= BUDGET + BODY_REFERENCE_KINDS, "\n".join(cold)
    assert len(warm) <= len(cold), "\n".join(warm)
