"""The lite edition's pages (articles/lite/): text only, small, inside the edition,
published stories only, a fixed number of queries, kept by the page cache."""

import base64
import gzip
import hashlib
import random
import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from articles.editions import pair
from articles.lite.body import lite_url
from articles.models import Article, Image
from newsroom.site import absolute_url
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

BURMESE = "မြန်မာနိုင်ငံ စစ်တပ်က ကျေးရွာများကို မီးရှို့"


@pytest.fixture
def news():
    return SectionFactory(name="News", slug="news")


@pytest.fixture
def story(news):
    image = ImageFactory(alt_text="Burned village")
    return ArticleFactory(
        primary_section=news,
        slug="village-burned",
        headline="Village burned",
        authors=[AuthorFactory(name="Ma Thida")],
        body=(
            "<p>First.</p>"
            f'<figure class="image"><img src="{image.file.url}" alt="Burned village">'
            "<figcaption>Smoke over the village.</figcaption></figure>"
            '<p>See <a href="/news/">the news</a>.</p>'
        ),
    )


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.srcs, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.tags.append(tag)
        if "href" in values:
            self.hrefs.append((tag, values))
        if "src" in values:
            self.srcs.append(values["src"])


def parsed(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def test_a_story_page_shows_the_text_with_images_as_links(client, story):
    html = page(client, "/lite/news/village-burned/")
    tags = parsed(html).tags
    assert "Village burned" in html and "Ma Thida" in html and "First." in html
    assert "img" not in tags and "script" not in tags and "link" in tags
    assert "Image: Burned village" in html
    # A library image: the link is to its light JPEG, not the original.
    image = Image.objects.get(alt_text="Burned village")
    assert f'href="{image.email_url}"' in html and image.email_url != image.file.url
    assert "Smoke over the village." in html


def test_images_show_only_when_asked_for(client, story):
    html = page(client, "/lite/news/village-burned/?images=1")
    assert "img" in parsed(html).tags
    assert "Image: Burned village" not in html


def test_a_long_story_page_is_under_15_kb_compressed(client, news):
    """A 3,000-word story of words in no repeating order (gzip gets no easy wins)."""
    words = (
        "army township residents fled forest shelling village monastery school clinic "
        "junta council resistance fighters ceasefire election prisoners detained released "
        "farmers rice harvest prices fuel electricity blackout internet shutdown border "
        "refugees camp Thailand India China Sagaing Magway Rakhine Kachin Shan Karen "
        "Chin Mandalay Yangon Naypyitaw airstrike drone landmine curfew checkpoint "
        f"{BURMESE} ရန်ကုန် မန္တလေး စစ်ကောင်စီ ဒုက္ခသည် ကျောင်း ဆေးရုံ"
    ).split()
    pick = random.Random(15).choice
    paragraphs = "".join(
        "<p>" + " ".join(pick(words) for _ in range(60)) + ".</p>" for _ in range(50)
    )
    ArticleFactory(primary_section=news, slug="long", body=paragraphs)
    html = page(client, "/lite/news/long/")
    assert html.count("<p>") >= 50
    assert len(html.encode()) > 30_000
    assert len(gzip.compress(html.encode())) < 15 * 1024


def test_pages_carry_no_script_web_font_or_third_party_url(client, story):
    for url in ("/lite/", "/lite/news/", "/lite/news/village-burned/"):
        html = page(client, url)
        links = parsed(html)
        assert "script" not in links.tags and "img" not in links.tags
        assert "@font-face" not in html and "@import" not in html
        stylesheets = [a for tag, a in links.hrefs if tag == "link" and "stylesheet" in a["rel"]]
        assert stylesheets == []
        assert links.srcs == []
        for _tag, attributes in links.hrefs:
            href = urljoin(absolute_url(url), attributes["href"])
            if href == "data:,":
                continue  # the empty icon, which spares the browser asking for one
            assert href.startswith(absolute_url("/")), (url, href)


def test_every_link_on_a_lite_page_stays_in_the_lite_edition(client, story, news):
    """Crawl from /lite/: every link leads to another lite page, except the page's
    canonical and "Full page" links and image files."""
    burma = SectionFactory(name="Burma", slug="burma", parent=news)
    for n in range(25):
        ArticleFactory(primary_section=burma, slug=f"burma-{n}", headline=f"ဗမာ {n}")
    seen, queue = set(), ["/lite/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        links = parsed(page(client, url))
        for tag, attributes in links.hrefs:
            target = urlsplit(urljoin(absolute_url(url), attributes["href"]))
            path = target.path + (f"?{target.query}" if target.query else "")
            if tag == "link" or path.startswith("/media/"):
                continue
            if (
                attributes.get("href") == story.get_absolute_url()
                or path
                in {
                    "/",
                    "/news/",
                    "/news/burma/",
                }
                or re.fullmatch(r"/news/(burma/)?[\w-]+/", path)
            ):
                continue  # the "Full page" link
            assert path.startswith("/lite/"), (url, attributes["href"])
            if "/feed/" not in path:
                queue.append(path)
    assert "/lite/news/burma/?page=2" in seen
    assert "/lite/news/village-burned/?images=1" in seen
    assert any(url.startswith("/lite/news/burma/burma-") for url in seen)


def test_full_page_links_go_to_the_full_site_and_canonical_to_the_full_page(client, story):
    html = page(client, "/lite/news/village-burned/")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)[1]
    assert canonical == absolute_url("/news/village-burned/")
    assert '<a href="/news/village-burned/">Full page</a>' in html
    # A body link to one of our sections goes to its lite page.
    assert re.search(r'<a href="/lite/news/"[^>]*>the news</a>', html)


def test_the_full_site_links_to_the_lite_edition(client, story):
    home = page(client, "/")
    assert 'href="/lite/"' in home
    article = page(client, "/news/village-burned/")
    assert 'href="/lite/news/village-burned/"' in article


@pytest.mark.parametrize(
    ("status", "hours_ago"),
    [
        (Article.Status.DRAFT, 1),
        (Article.Status.IN_REVIEW, 1),
        (Article.Status.UNPUBLISHED, 1),
        (Article.Status.PUBLISHED, -1),
    ],
)
def test_only_published_stories_reach_the_lite_edition(client, news, status, hours_ago):
    ArticleFactory(
        primary_section=news,
        slug="hidden",
        headline="Hidden story",
        status=status,
        publish_at=timezone.now() - timedelta(hours=hours_ago),
    )
    assert client.get("/lite/news/hidden/").status_code == 404
    for url in ("/lite/", "/lite/news/", "/lite/feed/", "/lite/news/feed/"):
        assert "Hidden story" not in page(client, url)


@pytest.mark.parametrize("number", ["x", "0", "2", "1.5", "-1"])
def test_a_page_number_that_is_not_one_is_a_404(client, story, number):
    assert client.get(f"/lite/news/?page={number}").status_code == 404


def test_burmese_renders_with_the_page_language_and_system_fonts(client, news):
    ArticleFactory(primary_section=news, slug="burmese", headline=BURMESE, body=f"<p>{BURMESE}</p>")
    response = client.get("/lite/news/burmese/")
    html = response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="en">' in html
    assert f'<h1 lang="my">{BURMESE}</h1>' in html
    assert '"Noto Sans Myanmar","Myanmar Text",Padauk' in html


def test_the_inline_style_is_allowed_by_its_hash_and_nothing_else_inline(client, story):
    for url in ("/lite/", "/lite/news/", "/lite/news/village-burned/"):
        response = client.get(url)
        style = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S)[1]
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        policy = response["Content-Security-Policy"]
        style_src = re.search(r"style-src ([^;]+)", policy)[1].split()
        assert f"'sha256-{digest}'" in style_src
        assert "'unsafe-inline'" not in policy
        assert "script-src 'self'" in policy
    full = client.get("/")["Content-Security-Policy"]
    assert "sha256" not in full


# Home: the stories; a section: count and stories; a story: its row (its extras are
# cached). Without Redis, the content version is read from the database cache table.
@pytest.mark.parametrize(
    ("url", "ceiling"),
    [("/lite/", 1), ("/lite/news/", 2), ("/lite/news/story-0/", 1)],
)
def test_pages_run_a_fixed_number_of_queries(
    client, news, settings, django_assert_max_num_queries, url, ceiling
):
    """However many stories, sections and authors: no query per story (N+1)."""
    for n in range(3):
        section = SectionFactory(name=f"Region {n}", slug=f"region-{n}")
        for m in range(6):
            ArticleFactory(primary_section=section, slug=f"r{n}-{m}", authors=[AuthorFactory()])
    for n in range(30):
        ArticleFactory(
            primary_section=news, slug=f"story-{n}", authors=[AuthorFactory(), AuthorFactory()]
        )
    client.get(url)  # warms the section tree's cache
    extra = 0 if settings.CACHES["default"]["BACKEND"].endswith("RedisCache") else 2
    with django_assert_max_num_queries(ceiling + extra):
        assert client.get(url).status_code == 200


def test_the_home_page_lists_the_latest_stories_of_each_top_level_section(client, news):
    burma = SectionFactory(name="Burma", slug="burma", parent=news)
    opinion = SectionFactory(name="Opinion", slug="opinion")
    for n in range(8):
        ArticleFactory(primary_section=burma, headline=f"Burma story {n}")
    ArticleFactory(primary_section=opinion, headline="A column")
    html = page(client, "/lite/")
    assert html.count("Burma story") == 5 and "A column" in html
    assert 'href="/lite/news/">News</a>' in html and 'href="/lite/opinion/">Opinion</a>' in html


@pytest.mark.usefixtures("page_cache")
def test_lite_pages_are_kept_by_the_page_cache_with_their_policy(client, story):
    for url in ("/lite/", "/lite/news/", "/lite/news/village-burned/", "/lite/feed/"):
        first = client.get(url)
        second = client.get(url)
        assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
        assert second.content == first.content and not second.cookies
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_story_with_a_burmese_address_is_reached_from_its_section(client, news):
    ArticleFactory(primary_section=news, slug="မြန်မာ-သတင်း", headline=BURMESE)
    links = parsed(page(client, "/lite/news/"))
    [href] = [a["href"] for tag, a in links.hrefs if tag == "a" and "/lite/news/%" in a["href"]]
    html = page(client, href)
    assert f'<h1 lang="my">{BURMESE}</h1>' in html


@pytest.mark.usefixtures("page_cache")
def test_a_kept_lite_page_keeps_its_style_hash_after_a_burmese_page_in_the_same_process(
    client, story
):
    """A process serves one request after another: the Burmese edition's language must
    not linger into the next request's middleware (the page cache and the CSP policy
    run before the language is set by the view's middleware)."""
    url = "/lite/news/village-burned/"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get("/my/").status_code == 200
    kept = client.get(url)
    assert kept["X-Page-Cache"] == "hit"
    assert "'sha256-" in re.search(r"style-src ([^;]+)", kept["Content-Security-Policy"])[1]


def test_a_lite_story_links_to_its_published_translations_lite_page(client, story):
    burmese = ArticleFactory(
        primary_section=story.primary_section, slug="ရွာမီးရှို့", headline="ရွာမီးရှို့ခံရ", language="my"
    )
    pair(story, burmese)

    english_page = client.get("/lite/news/village-burned/").content.decode()
    burmese_page = client.get(lite_url(burmese.get_absolute_url())).content.decode()

    assert f'<a href="{lite_url(burmese.get_absolute_url())}" hreflang="my">' in english_page
    assert '<a href="/lite/news/village-burned/" hreflang="en">' in burmese_page
    assert "Read this story in English" in burmese_page

    Article.objects.filter(pk=burmese.pk).update(status=Article.Status.DRAFT)
    assert 'hreflang="my"' not in client.get("/lite/news/village-burned/").content.decode()
