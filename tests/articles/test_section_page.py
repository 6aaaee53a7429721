"""The section page: breadcrumb, sub-sections, lead story, paginated list, Load More;
and the one URL pattern that serves sections and articles alike."""

from datetime import timedelta

import pytest
from django.urls import resolve
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    news = SectionFactory(name="News", slug="news", position=1)
    burma = SectionFactory(name="Burma", slug="burma", parent=news, position=1)
    world = SectionFactory(name="World", slug="world", parent=news, position=2)
    return news, burma, world


def stories_in(section, count, **kwargs):
    now = timezone.now()
    return [
        ArticleFactory(
            primary_section=section,
            headline=f"{section.name} story {n}",
            publish_at=now - timedelta(hours=n + 1),
            **kwargs,
        )
        for n in range(count)
    ]


def test_section_page_shows_breadcrumb_subsections_lead_and_list(client, tree):
    news, burma, world = tree
    burma_stories = stories_in(burma, 3)
    world_story = ArticleFactory(
        primary_section=world, publish_at=timezone.now() - timedelta(days=1)
    )
    html = client.get("/news/").content.decode()
    assert '<h1 class="page-title">News</h1>' in html
    assert '<a href="/news/" aria-current="page">News</a>' in html  # breadcrumb end
    subsections = html[html.index('class="subsections"') :]
    assert '<a href="/news/burma/">Burma</a>' in subsections
    assert '<a href="/news/world/">World</a>' in subsections
    lead = html[html.index('class="section-lead"') : html.index('id="section-stories"')]
    assert burma_stories[0].headline in lead  # the newest story leads
    listing = html[html.index('id="section-stories"') : html.index("</main>")]
    assert burma_stories[0].headline not in listing
    assert world_story.headline in listing and burma_stories[2].headline in listing


def test_subsection_page_has_full_breadcrumb(client, tree):
    stories_in(tree[1], 1)
    html = client.get("/news/burma/").content.decode()
    crumbs = html[html.index('class="breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert crumbs.index(">Home<") < crumbs.index(">News<") < crumbs.index(">Burma<")
    assert '<a href="/news/burma/" aria-current="page">Burma</a>' in crumbs


def test_secondary_section_stories_are_listed(client, tree):
    news, burma, world = tree
    story = stories_in(burma, 1)[0]
    story.secondary_sections.add(world)
    assert story.headline in client.get("/news/world/").content.decode()


def test_load_more_is_a_next_page_link(client, tree):
    stories = stories_in(tree[1], 25)
    html = client.get("/news/burma/").content.decode()
    assert '<a href="?page=2" rel="next" data-load-more="section-stories">Load more</a>' in html
    assert stories[19].headline in html and stories[20].headline not in html
    page_two = client.get("/news/burma/?page=2").content.decode()
    assert 'class="section-lead"' not in page_two
    listing = page_two[page_two.index('id="section-stories"') :]
    assert listing.count('class="card card-row"') == 5
    assert stories[24].headline in listing and "data-load-more" not in page_two


def test_load_more_keeps_other_query_parameters(client, tree):
    stories_in(tree[1], 21)
    html = client.get("/news/burma/?utm_source=x").content.decode()
    assert 'href="?utm_source=x&amp;page=2"' in html


@pytest.mark.parametrize("page", ["abc", "0", "-3", "999999", "2.0", "", "1e3"])
def test_junk_page_numbers_404_not_500(client, tree, page):
    stories_in(tree[1], 3)
    response = client.get(f"/news/burma/?page={page}")
    # An empty value means "no page": the first page. Everything else is a 404.
    assert response.status_code == (200 if page == "" else 404)
    if response.status_code == 404:
        assert "We couldn’t find that page" in response.content.decode()


def test_last_page_keyword_works(client, tree):
    stories_in(tree[1], 25)
    assert client.get("/news/burma/?page=last").status_code == 200


def test_unknown_and_inactive_sections_404(client, tree):
    SectionFactory(name="Old", slug="old", is_active=False)
    assert client.get("/no-such-section/").status_code == 404
    assert client.get("/old/").status_code == 404
    assert client.get("/news/burma/deeper/nested/").status_code == 404


@pytest.mark.parametrize(
    "status, offset",
    [
        (Article.Status.DRAFT, -1),
        (Article.Status.IN_REVIEW, -1),
        (Article.Status.UNPUBLISHED, -1),
        (Article.Status.PUBLISHED, 2),
    ],
)
def test_section_page_hides_unpublished(client, tree, status, offset):
    stories_in(tree[1], 2)
    ArticleFactory(
        primary_section=tree[1],
        headline="SECRET story",
        status=status,
        publish_at=timezone.now() + timedelta(hours=offset),
    )
    html = client.get("/news/").content.decode()
    assert "Burma story 0" in html and "SECRET" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_section_query_count_is_constant(client, tree, count, django_assert_max_num_queries):
    """Guards N+1 over bylines, images and sections on the section list."""
    authors = [AuthorFactory() for _ in range(3)]
    for story in stories_in(tree[1], count, authors=authors, featured_image=ImageFactory()):
        story.secondary_sections.add(tree[2])
    with django_assert_max_num_queries(8):  # cold cache, widgets included
        assert client.get("/news/").status_code == 200


def test_head_request_works(client, tree):
    stories_in(tree[1], 1)
    response = client.head("/news/burma/")
    assert response.status_code == 200 and response.content == b""


def test_sections_and_articles_resolve_through_one_pattern(tree):
    news, burma, _ = tree
    story = ArticleFactory(primary_section=burma, slug="junta-extends-martial-law")
    pages = [resolve(url) for url in ("/news/", "/news/burma/", story.get_absolute_url())]
    assert {(page.view_name, page.route) for page in pages} == {("articles:page", "<path:path>/")}
    assert story.get_absolute_url() == "/news/burma/junta-extends-martial-law/"
    assert resolve("/news/burma/feed/").view_name == "articles:section-feed"


def counts_in(queries) -> int:
    return sum("COUNT(" in query["sql"].upper() for query in queries)


@pytest.mark.parametrize("url", ["/news/", "/tag/junta/", "/author/daw-aye/"])
def test_a_list_counts_its_stories_once_per_content_version(client, tree, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    news, burma, _ = tree
    author = AuthorFactory(name="Daw Aye", slug="daw-aye")
    stories_in(burma, 25, tags=["junta"], authors=[author])
    assert "Page 1 of 2" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second_view:
        assert "Page 2 of 2" in client.get(f"{url}?page=2").content.decode()
    assert counts_in(second_view.captured_queries) == 0
    # An editor's change sets a new content version: the next page counts again.
    ArticleFactory(
        primary_section=burma,
        headline="Sixteen more",
        tags=["junta"],
        authors=[author],
    )
    for _ in range(15):
        ArticleFactory(primary_section=burma, tags=["junta"], authors=[author])
    assert "Page 1 of 3" in client.get(url).content.decode()
