"""Site chrome on every page, static pages, error pages, markup rules and page weight."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.views.defaults import server_error

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"
STATIC_PAGES = [
    ("/about/", "About"),
    ("/code-of-ethics/", "Code of Ethics"),
    ("/privacy-policy/", "Privacy Policy"),
    ("/contact/", "Contact"),
    ("/careers/", "Careers"),
    ("/team/", "Team"),
    ("/copyright/", "Copyright"),
    ("/donation/", "Donation"),
]


@pytest.fixture
def site_content():
    news = SectionFactory(name="News", slug="news", position=1)
    SectionFactory(name="Burma", slug="burma", parent=news, position=1)
    SectionFactory(name="Hidden child", slug="hidden", parent=news, show_in_menu=False)
    SectionFactory(name="Opinion", slug="opinion", position=2, show_in_footer=False)
    SectionFactory(name="Archive", slug="archive", position=3, show_in_menu=False)
    site = Site.objects.get_current()
    for url, title in STATIC_PAGES:
        FlatPage.objects.create(url=url, title=title, content=f"<p>{title} text.</p>").sites.add(
            site
        )
    return news


def test_header_has_name_date_search_newsletter_and_two_level_menu(client, site_content):
    html = client.get("/").content.decode()
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert f'<a class="site-name" href="/">{settings.SITE_NAME}</a>' in header
    today = timezone.localdate()
    assert f'<time datetime="{today:%Y-%m-%d}">' in header
    assert 'action="/search/"' in header and 'name="q"' in header
    assert 'href="/newsletter/"' in header
    menu = parse(html).one("header.site-header nav#site-menu")
    entries = [link.text for link in menu.all("a")]
    assert entries.index("News") < entries.index("Burma") < entries.index("Opinion")
    assert [link.text for link in menu.all("li.has-children ul.submenu a")][0] == "Burma"
    assert "Hidden child" not in entries and "Archive" not in entries
    assert 'href="#site-menu"' in header  # the narrow-screen menu opens without JS


def test_the_edition_link_goes_to_the_other_editions_home(client, site_content):
    english = client.get("/").content.decode()
    assert '<a class="edition-link" href="/my/" lang="my" hreflang="my">မြန်မာ</a>' in english
    burmese = client.get("/my/").content.decode()
    assert '<a class="edition-link" href="/" lang="en" hreflang="en">English</a>' in burmese


def test_footer_has_contents_about_static_pages_and_copyright(client, site_content):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer"') :]
    menu = parse(html).one("footer section[aria-labelledby=footer-contents-title]")
    contents = [link.text for link in menu.all("a")]
    assert "News" in contents and "Burma" in contents and "Archive" in contents
    assert "Opinion" not in contents
    assert "is an independent newsroom" in footer
    for url, title in STATIC_PAGES:
        assert f'<a href="{url}">{title}</a>' in footer
    assert f"© {timezone.localdate().year} {settings.SITE_NAME}" in footer
    assert "Subscribe here for daily updates" in footer and "data-newsletter-signup" in footer


def test_skip_link_and_landmarks(client, site_content):
    html = client.get("/").content.decode()
    assert html.index('<a class="skip-link" href="#main">') < html.index("<header")
    for landmark in ('<header class="site-header"', '<main id="main"', "<footer", "<nav"):
        assert landmark in html
    assert '<html lang="en">' in html


def test_footer_static_pages_are_one_cached_query(client, site_content):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("django_flatpage" in query["sql"] for query in queries.captured_queries)
    FlatPage.objects.filter(url="/careers/").delete()
    assert 'href="/careers/"' not in client.get("/").content.decode()  # editors' change shows


@pytest.mark.parametrize("url, title", STATIC_PAGES)
def test_static_pages_render_in_the_site_chrome(client, site_content, url, title):
    html = client.get(url).content.decode()
    assert f'<h1 class="page-title">{title}</h1>' in html
    assert f"<p>{title} text.</p>" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html


def test_unknown_path_gets_the_styled_404(client, site_content):
    response = client.get("/this/does/not/exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html and 'class="site-header"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_500_page_renders_without_a_database_or_context(site_content):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and "/static/css/site.css" in html


def test_head_works_on_home_and_404(client, site_content):
    assert client.head("/").status_code == 200
    assert client.head("/nope/").status_code == 404


def reader_pages(site_content):
    author = AuthorFactory(slug="writer", photo=ImageFactory())
    article = ArticleFactory(
        primary_section=site_content,
        authors=[author],
        tags=["junta"],
        featured_image=ImageFactory(),
    )
    return [
        "/",
        "/news/",
        article.get_absolute_url(),
        "/tag/junta/",
        "/author/writer/",
        f"/similar/{article.pk}/",
        "/about/",
        "/nope/",
    ]


def test_no_inline_scripts_styles_or_handlers_anywhere(client, site_content):
    """The Content-Security-Policy blocks anything inline on readers' pages."""
    for url in reader_pages(site_content):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        # JSON data blocks never run; every script that runs is our one static file.
        runnable = [tag for tag in scripts if not re.search(r'type="application/(ld\+)?json"', tag)]
        assert runnable == ['<script type="module" src="/static/js/site.js">'], url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert "<style" not in html, url


def test_public_html_is_the_same_for_every_anonymous_reader(client, site_content):
    from django.test import Client

    for url in reader_pages(site_content):
        first = client.get(url).content
        assert Client().get(url).content == first, url


def test_css_has_myanmar_fonts_and_no_external_resources():
    css = (STATIC / "css" / "site.css").read_text()
    for font in ("Padauk", '"Noto Sans Myanmar"', '"Myanmar Text"'):
        assert font in css
    assert "@import" not in css and "url(http" not in css and "@font-face" not in css


def test_article_page_weight_is_under_60_kb_compressed(client, site_content):
    """HTML + CSS + JS of a long article page, gzip-compressed, excluding images."""
    authors = [AuthorFactory(photo=ImageFactory()) for _ in range(3)]
    body = "".join(
        f"<p>{'Reporting from the ground in Sagaing region. ' * 12}</p>" for _ in range(20)
    )
    for _ in range(12):
        ArticleFactory(primary_section=site_content, tags=["junta"], featured_image=ImageFactory())
    article = ArticleFactory(
        primary_section=site_content,
        authors=authors,
        tags=["junta", "sagaing", "resistance"],
        featured_image=ImageFactory(),
        body=body,
        editors_note="Corrected a date.",
    )
    html = client.get(article.get_absolute_url()).content
    css = (STATIC / "css" / "site.css").read_bytes()
    js = (STATIC / "js" / "site.js").read_bytes()
    compressed = sum(len(gzip.compress(part, 9)) for part in (html, css, js))
    assert len(html) > 20_000  # a realistic page, not an empty one
    assert compressed <= 60 * 1024, f"{compressed} bytes compressed"


@pytest.mark.parametrize(
    "url",
    ["/tag/%00/", "/author/a%00/", "/news/%00/", "/%00/", "/news/x%00y/", "/news/?page=%00"],
)
def test_nul_bytes_in_paths_are_a_404_not_a_500(client, site_content, url):
    """PostgreSQL raises on NUL in a query string literal; the URL must never reach it."""
    response = client.get(url)
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
