"""Readers' article, home, tag, author and "similar picks" pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from articles.workflow import corrections
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

NOT_PUBLIC = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.IN_REVIEW},
    {"status": Article.Status.UNPUBLISHED},
    {"status": Article.Status.PUBLISHED, "publish_at_offset": timedelta(hours=2)},
]


def main_column(response) -> str:
    """The page's <main>, without the sidebar (Recommended fills with any story)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def hidden_article(section, *, status, publish_at_offset=timedelta(hours=-3), **kwargs):
    return ArticleFactory(
        primary_section=section,
        status=status,
        publish_at=timezone.now() + publish_at_offset,
        headline=f"SECRET {status} {publish_at_offset}",
        **kwargs,
    )


@pytest.fixture
def sections():
    news = SectionFactory(name="News", slug="news", is_featured=True)
    burma = SectionFactory(name="Burma", slug="burma", parent=news)
    opinion = SectionFactory(name="Opinion", slug="opinion", is_featured=True)
    return news, burma, opinion


def fill_newsroom(count, sections):
    """`count` published stories with several bylines, tags and sections each."""
    news, burma, opinion = sections
    authors = [AuthorFactory(photo=ImageFactory()) for _ in range(3)]
    stories = []
    for index in range(count):
        story = ArticleFactory(
            primary_section=burma if index % 2 else opinion,
            authors=authors[: 1 + index % 3],
            tags=["junta", f"topic-{index}"],
            featured_image=ImageFactory(),
            is_recommended=index % 2 == 0,
            publish_at=timezone.now() - timedelta(hours=index + 1),
        )
        story.secondary_sections.add(news)
        stories.append(story)
    stories[0].related_articles.add(*stories[1:4])
    return stories, authors


# --- Home -----------------------------------------------------------------------


def test_home_shows_lead_top_stories_section_blocks_latest_and_sidebar(client, sections):
    stories, _ = fill_newsroom(16, sections)
    html = client.get("/").content.decode()
    lead = html.index('class="card card-lead"')
    assert html.index(stories[0].headline) > lead
    assert html.index(stories[1].headline) < html.index('class="section-block"')
    assert 'id="latest-title">Latest news<' in html
    latest = html[html.index('id="latest-title"') :]
    assert stories[5].headline in latest and stories[14].headline in latest
    assert (
        '<a href="/news/">News</a></h2>' in html and '<a href="/opinion/">Opinion</a></h2>' in html
    )
    blocks = html[html.index('class="section-block"') : html.index('id="latest-title"')]
    assert stories[0].headline not in blocks and stories[4].headline not in blocks
    assert stories[5].headline in blocks  # the newest story below the top of the page
    assert "Most Read" in html and "Recommended" in html
    assert 'id="sidebar-email"' in html  # newsletter box in the sidebar
    assert 'id="footer-email"' in html  # …and in the footer


def test_home_with_no_stories_says_so(client, sections):
    response = client.get("/")
    assert response.status_code == 200
    assert "No stories have been published yet." in response.content.decode()


def test_home_most_read_ranks_by_recent_views(client, sections):
    stories, _ = fill_newsroom(6, sections)
    day = timezone.localdate()
    for views, story in zip([5, 50, 20], stories[3:6], strict=True):
        story.daily_views.create(day=day, count=views)
    html = client.get("/").content.decode()
    ranked = [item.text for item in parse(html).all(".widget.most-read ol li")]
    assert ranked[:3] == [stories[4].headline, stories[5].headline, stories[3].headline]
    assert stories[0].headline not in ranked


def test_home_blocks_show_the_newest_stories_of_the_nearest_featured_section(client, sections):
    news, burma, _ = sections
    burma.is_featured = True
    burma.save()
    sport = SectionFactory(name="Sport", slug="sport")
    in_burma = ArticleFactory(primary_section=burma, headline="Filed under Burma")
    in_news = ArticleFactory(primary_section=news, headline="Filed under News")
    for n in range(5):  # the lead and top stories, which the blocks leave out
        ArticleFactory(primary_section=sport, publish_at=timezone.now() - timedelta(minutes=n))
    for n in range(5):
        ArticleFactory(
            primary_section=news,
            headline=f"Older News {n}",
            publish_at=timezone.now() - timedelta(days=2, hours=n),
        )
    html = client.get("/").content.decode()
    page = parse(html)
    news_block = page.one(f"section[aria-labelledby=block-{news.pk}]")
    burma_block = page.one(f"section[aria-labelledby=block-{burma.pk}]")
    news_headlines = [card.text for card in news_block.all("article.card .card-headline")]
    assert in_burma.headline in burma_block.text and in_burma.headline not in news_headlines
    assert in_news.headline in news_headlines
    assert len(news_headlines) == 4  # the newest four
    assert "Older News 3" not in news_headlines


def test_a_block_story_retracted_by_update_leaves_the_home_page_at_once(client, sections):
    news, _, _ = sections
    sport = SectionFactory(name="Sport", slug="sport")
    for n in range(5):  # the lead and top stories, which the blocks leave out
        ArticleFactory(primary_section=sport, publish_at=timezone.now() - timedelta(minutes=n))
    in_news = [
        ArticleFactory(
            primary_section=news,
            headline=f"News {n}",
            publish_at=timezone.now() - timedelta(hours=1 + n),
        )
        for n in range(6)
    ]
    block = f"section[aria-labelledby=block-{news.pk}] .card-headline"

    def news_block():
        return [card.text for card in parse(client.get("/").content.decode()).all(block)]

    assert news_block() == ["News 0", "News 1", "News 2", "News 3"]
    # No signal and no new content version: the cached ids stay, the rule drops it.
    Article.objects.filter(pk=in_news[1].pk).update(status=Article.Status.UNPUBLISHED)
    assert news_block() == ["News 0", "News 2", "News 3", "News 4"]


@pytest.mark.parametrize("hidden", NOT_PUBLIC)
def test_home_hides_unpublished_stories_everywhere(client, sections, hidden):
    stories, _ = fill_newsroom(3, sections)
    secret = hidden_article(sections[1], is_recommended=True, **hidden)
    secret.daily_views.create(day=timezone.localdate(), count=10_000)
    html = client.get("/").content.decode()
    assert stories[0].headline in html
    assert "SECRET" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_home_query_count_is_constant(client, sections, count, django_assert_max_num_queries):
    """Guards N+1 over stories, bylines, featured sections and sidebar widgets."""
    fill_newsroom(count, sections)
    # Cold cache: the section tree, the content version, the top stories, the ids of
    # the featured blocks and the sidebar lists with the next scheduled publish (one
    # query), which of them are live (loaded with it), every card's bylines, the
    # footer's static pages. Every cache empty, shared one included: at most 10
    # (tests/articles/test_query_budget.py).
    with django_assert_max_num_queries(7):
        assert client.get("/").status_code == 200


def test_home_widgets_are_cached(client, sections, django_assert_max_num_queries):
    fill_newsroom(5, sections)
    client.get("/")
    # The top stories; the content version (a shared table without Redis); the
    # featured blocks' and the sidebar lists' cached ids through published(), which
    # loads them; every card's bylines.
    with django_assert_max_num_queries(4):
        client.get("/")


# --- Article page ---------------------------------------------------------------


@pytest.fixture
def story(sections):
    news, burma, _ = sections
    reporter = AuthorFactory(
        name="Daw Aye",
        slug="daw-aye",
        role="Correspondent",
        bio="Reports from Yangon.",
        photo=ImageFactory(alt_text="Portrait of Daw Aye"),
    )
    editor = AuthorFactory(name="Ko Min", slug="ko-min")
    body = "".join(f"<p>Paragraph {n}.</p>" for n in range(1, 7))
    article = ArticleFactory(
        headline="Junta extends martial law",
        slug="junta-extends-martial-law",
        standfirst="Townships in Sagaing are placed under military rule.",
        primary_section=burma,
        body=body,
        authors=[reporter, editor],
        tags=["junta", "sagaing"],
        featured_image=ImageFactory(caption="Soldiers in Sagaing.", credit="AP"),
        editors_note="An earlier version misnamed a township.",
        updated_at=timezone.now() - timedelta(minutes=10),
        publish_at=timezone.now() - timedelta(days=2),
    )
    article.secondary_sections.add(news)
    Article.objects.filter(pk=article.pk).update(view_count=12_250)
    article.refresh_from_db()
    return article


def test_article_page_shows_the_full_anatomy(client, story, sections):
    older = ArticleFactory(
        primary_section=story.primary_section, publish_at=story.publish_at - timedelta(days=1)
    )
    newer = ArticleFactory(
        primary_section=story.primary_section, publish_at=story.publish_at + timedelta(hours=1)
    )
    html = client.get("/news/burma/junta-extends-martial-law/").content.decode()
    page = parse(html)
    assert [a.text for a in page.all("nav.breadcrumbs a")] == ["Home", "News", "Burma"]
    assert page.one("h1.story-headline").text == "Junta extends martial law"
    assert "Townships in Sagaing are placed under military rule." in html
    byline = page.one(".story-byline")
    assert byline.text == "By Daw Aye and Ko Min"
    assert [a["href"] for a in byline.all("a[rel=author]")] == [
        "/author/daw-aye/",
        "/author/ko-min/",
    ]
    dates = page.one(".story-dates")
    published, updated = dates.all("time")
    assert dates.text.startswith("Published ") and " · Updated " in dates.text
    assert published["datetime"] == story.publish_at.isoformat()
    assert updated["datetime"] == story.updated_at.isoformat()
    assert page.one(".story-stats").text == "1 min read · 12.2k views"
    sections = page.one(".story-sections")
    assert sections.text == "In Burma, News"
    assert [a["href"] for a in sections.all("a")] == ["/news/burma/", "/news/"]
    assert "Soldiers in Sagaing." in html and "Photo: AP" in html
    assert "An earlier version misnamed a township." in html
    assert 'href="/tag/junta/" rel="tag"' in html
    assert "Reports from Yangon." in html and 'alt="Portrait of Daw Aye"' in html
    assert f'href="{older.get_absolute_url()}" rel="prev"' in html
    assert f'href="{newer.get_absolute_url()}" rel="next"' in html
    assert "data-view-beacon=" in html
    assert "data-text-size" in html and "A+" in html


def test_featured_image_is_responsive_and_not_lazy_above_the_fold(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    figure = html[html.index('class="story-figure"') : html.index("</figure>")]
    image = story.featured_image
    assert f'width="{image.width}" height="{image.height}"' in figure
    assert f"{image.file.url} {image.width}w" in figure
    assert 'fetchpriority="high"' in figure and 'loading="lazy"' not in figure


def test_renditions_fill_the_srcset(client, sections):
    from django.core.files.base import ContentFile

    from tests.factories import png_bytes

    big = ImageFactory(file=ContentFile(png_bytes(1000, 600), name="wide.png"))
    article = ArticleFactory(primary_section=sections[1], featured_image=big)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "-320w.webp 320w" in html and "-960w.webp 960w" in html and "1000w" in html


def test_related_block_sits_after_the_third_paragraph(client, story, sections):
    picked = ArticleFactory(primary_section=sections[2], headline="Hand-picked story")
    ArticleFactory(primary_section=sections[2], headline="Shares a tag", tags=["junta"])
    ArticleFactory(primary_section=sections[2], headline="Shares nothing")
    story.related_articles.add(picked)
    html = client.get(story.get_absolute_url()).content.decode()
    related = html.index('class="related"')
    assert html.index("<p>Paragraph 3.</p>") < related < html.index("<p>Paragraph 4.</p>")
    picks = [item.text for item in parse(html).all("aside.related li")]
    assert picks.index("Hand-picked story") < picks.index("Shares a tag")
    assert "Shares nothing" not in picks


def test_related_prefers_stories_sharing_more_tags_and_stops_at_three(client, story, sections):
    ArticleFactory(primary_section=sections[2], headline="One tag", tags=["junta"])
    ArticleFactory(
        primary_section=sections[2],
        headline="Two tags",
        tags=["junta", "sagaing"],
        publish_at=timezone.now() - timedelta(days=30),
    )
    for n in range(3):
        ArticleFactory(primary_section=sections[2], headline=f"Also tagged {n}", tags=["junta"])
    html = client.get(story.get_absolute_url()).content.decode()
    block = html[html.index('class="related"') :]
    block = block[: block.index("</aside>")]
    assert block.count("<li>") == 3
    assert "Two tags" in block[block.index("<li>") : block.index("</li>")]


def test_share_links_are_plain_links(client, story, settings):
    settings.SITE_URL = "https://news.example"  # share links use it, not the request's host
    html = client.get(story.get_absolute_url()).content.decode()
    url = "https%3A//news.example/news/burma/junta-extends-martial-law/"
    assert f"https://www.facebook.com/sharer/sharer.php?u={url}" in html
    assert "https://x.com/intent/post?url=" in html
    assert "https://wa.me/?text=" in html and "https://t.me/share/url?url=" in html
    assert 'href="mailto:?subject=Junta%20extends%20martial%20law' in html
    assert "data-copy-link" in html
    # JSON-LD blocks are data, not code: a strict CSP does not apply to them.
    html = html.replace('<script type="application/ld+json">', "")
    assert "<script" not in html.replace('<script type="module" src="/static/js/site.js">', "")


def test_you_may_also_like_and_similar_picks(client, story, sections):
    same_section = [
        ArticleFactory(primary_section=story.primary_section, headline=f"Burma story {n}")
        for n in range(7)
    ]
    html = client.get(story.get_absolute_url()).content.decode()
    also = html[html.index('class="also-like"') :]
    assert same_section[-1].headline in also[: also.index("</section>")]
    similar = html[html.index('id="similar-stories"') :]
    assert similar.count('class="card card-row"') == 5
    assert f'href="/similar/{story.pk}/?page=2" data-load-more="similar-stories"' in html
    more = client.get(f"/similar/{story.pk}/?page=2").content.decode()
    assert more.count('class="card card-row"') == 2
    assert story.headline in more  # "Stories like …" heading


def test_similar_list_junk_pages_and_hidden_articles_404(client, story, sections):
    assert client.get(f"/similar/{story.pk}/?page=abc").status_code == 404
    secret = hidden_article(sections[1], status=Article.Status.DRAFT)
    assert client.get(f"/similar/{secret.pk}/").status_code == 404


@pytest.mark.parametrize("hidden", NOT_PUBLIC)
def test_unpublished_article_404s_and_is_never_linked(client, story, sections, hidden):
    secret = hidden_article(sections[1], tags=["junta"], **hidden)
    story.related_articles.add(secret)
    assert client.get(secret.get_absolute_url()).status_code == 404
    html = client.get(story.get_absolute_url()).content.decode()
    assert "SECRET" not in html


def test_article_only_lives_at_its_primary_section_path(client, story):
    assert client.get("/news/junta-extends-martial-law/").status_code == 404
    assert client.get("/opinion/junta-extends-martial-law/").status_code == 404
    assert client.get("/nowhere/junta-extends-martial-law/").status_code == 404


def test_burmese_article_renders_and_round_trips(client, sections):
    article = ArticleFactory(
        primary_section=sections[1], headline="စစ်ကောင်စီ ထပ်မံ ကြေညာ", slug="", body="<p>မြန်မာ</p>"
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "စစ်ကောင်စီ ထပ်မံ ကြေညာ" in response.content.decode()


def test_head_request_works(client, story):
    response = client.head(story.get_absolute_url())
    assert response.status_code == 200 and response.content == b""


@pytest.mark.parametrize("count", [3, 30])
def test_article_query_count_is_constant(client, sections, count, django_assert_max_num_queries):
    """Guards N+1 over bylines, author photos, tags, sections, corrections, related and
    similar picks."""
    stories, _ = fill_newsroom(count, sections)
    for index in range(count):
        corrections.add(
            article=stories[0], kind=Correction.Kind.CORRECTION, text=f"Note {index}", user=None
        )
    # Cold cache, widgets included: the section tree, the story's row (tags, sections
    # and corrections with it), the content version, its bylines, the id lists around
    # it and the sidebar's (one query), which are live (loaded with it), the bylines
    # of the similar picks, the footer's static pages, the comments (one query, cached
    # per content version: tests/comments/test_caching.py). Warm, it takes 3
    # (tests/articles/test_around.py).
    with django_assert_max_num_queries(9):
        assert client.get(stories[0].get_absolute_url()).status_code == 200


# --- Tag and author pages -------------------------------------------------------


def test_tag_page_lists_its_stories(client, sections):
    tagged = ArticleFactory(primary_section=sections[1], tags=["Rohingya"], headline="Tagged one")
    ArticleFactory(primary_section=sections[1], headline="Untagged one")
    html = main_column(client.get("/tag/rohingya/"))
    assert '<h1 class="page-title">Rohingya</h1>' in html
    assert "1 story" in html and tagged.headline in html and "Untagged one" not in html


@pytest.mark.parametrize("hidden", NOT_PUBLIC)
def test_tag_page_hides_unpublished(client, sections, hidden):
    ArticleFactory(primary_section=sections[1], tags=["junta"])
    hidden_article(sections[1], tags=["junta"], **hidden)
    html = client.get("/tag/junta/").content.decode()
    assert "1 story" in html and "SECRET" not in html


def test_unknown_tag_and_author_404(client, sections):
    assert client.get("/tag/no-such-tag/").status_code == 404
    assert client.get("/author/nobody/").status_code == 404


def test_author_page_shows_photo_bio_links_and_stories(client, sections):
    author = AuthorFactory(
        name="Ma Thida",
        slug="ma-thida",
        role="Editor",
        bio="Edits the news desk.",
        photo=ImageFactory(alt_text="Ma Thida"),
        x="https://x.com/mathida",
        email="thida@example.org",
    )
    mine = ArticleFactory(primary_section=sections[1], authors=[author])
    ArticleFactory(primary_section=sections[1], headline="Someone else's")
    hidden_article(sections[1], status=Article.Status.DRAFT, authors=[author])
    html = main_column(client.get("/author/ma-thida/"))
    assert '<h1 class="page-title">Ma Thida</h1>' in html
    assert 'alt="Ma Thida"' in html and "Edits the news desk." in html and ">Editor<" in html
    assert 'href="https://x.com/mathida"' in html and "mailto:thida@example.org" in html
    assert mine.headline in html and "Someone else" not in html and "SECRET" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_tag_and_author_query_counts_are_constant(
    client, sections, count, django_assert_max_num_queries
):
    """Guards N+1 over bylines and sections on the tag and author lists."""
    _, authors = fill_newsroom(count, sections)
    with django_assert_max_num_queries(9):  # cold cache, widgets included
        assert client.get("/tag/junta/").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(authors[0].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "1.5", "%00"])
@pytest.mark.parametrize("url", ["/tag/junta/", "/author/reporter-x/"])
def test_junk_page_numbers_404_not_500(client, sections, url, page):
    author = AuthorFactory(slug="reporter-x")
    ArticleFactory(primary_section=sections[1], tags=["junta"], authors=[author])
    assert client.get(f"{url}?page={page}").status_code == 404


def test_burmese_headlines_are_marked_as_burmese(client, sections):
    burmese = ArticleFactory(primary_section=sections[1], headline="မြန်မာ သတင်း", slug="")
    ArticleFactory(primary_section=sections[1], headline="English headline")
    html = main_column(client.get("/news/burma/"))
    assert 'class="card-headline" lang="my">' in html
    assert html.count('lang="my"') == 1
    page = client.get(burmese.get_absolute_url()).content.decode()
    assert '<h1 class="story-headline" lang="my">မြန်မာ သတင်း</h1>' in page


def test_burmese_tag_page_round_trips(client, sections):
    story = ArticleFactory(primary_section=sections[1], tags=["စစ်ကောင်စီ"])
    tag = story.tags.get()
    assert tag.slug == "စစ်ကောင်စီ"
    html = client.get(tag.get_absolute_url()).content.decode()
    assert '<h1 class="page-title" lang="my">စစ်ကောင်စီ</h1>' in html and story.headline in html
