"""Every absolute link (feeds, sitemaps, robots.txt, canonical and OpenGraph links,
JSON-LD, share links, e-mails) uses the one site address, `SITE_URL`, which in
development follows HOST and PORT."""

import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from django.contrib.sites.models import Site

from newsletter import emails, issues
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SubscriberFactory,
)

ROOT = Path(__file__).resolve().parents[2]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
ADDRESS = "http://127.0.0.1:8010"


def site_url_for(**env) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_development_address_follows_host_and_port():
    assert site_url_for() == "http://127.0.0.1:8000"
    assert site_url_for(PORT="8010") == "http://127.0.0.1:8010"
    assert site_url_for(HOST="0.0.0.0", PORT="8010") == "http://0.0.0.0:8010"
    assert site_url_for(PORT="8010", SITE_URL="https://news.example/") == "https://news.example"


@pytest.fixture
def story(db, settings):
    """A story on a site whose stored Site row still says the old port."""
    settings.SITE_URL = ADDRESS
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": "127.0.0.1:8000"})
    Site.objects.clear_cache()
    section = SectionFactory(name="News", slug="news")
    yield ArticleFactory(
        primary_section=section,
        slug="curfew",
        authors=[AuthorFactory(slug="aye-aye")],
        tags=["Curfew"],
    )
    Site.objects.clear_cache()


def links_in(content: bytes) -> list[str]:
    tree = ET.fromstring(content)
    texts = [element.text or "" for element in tree.iter()]
    hrefs = [element.get("href", "") for element in tree.iter()]
    return [value for value in texts + hrefs if "://" in value]


@pytest.mark.parametrize(
    "url",
    ["/feed/", "/feed/atom/", "/news/feed/", "/tag/curfew/feed/atom/", "/author/aye-aye/feed/"],
)
def test_feeds_link_to_the_site_address(client, story, url):
    links = links_in(client.get(url).content)

    assert f"{ADDRESS}/news/curfew/" in links
    assert f"{ADDRESS}{url}" in links  # the feed's own address
    assert all(link.startswith(ADDRESS) for link in links), links


def test_sitemaps_and_robots_point_at_the_site_address(client, story):
    index = links_in(client.get("/sitemap.xml").content)
    assert f"{ADDRESS}/sitemap-articles.xml" in index
    for sitemap in index:
        locations = links_in(client.get(sitemap.removeprefix(ADDRESS)).content)
        assert all(link.startswith(f"{ADDRESS}/") for link in locations), locations
    assert f"{ADDRESS}/news/curfew/" in links_in(client.get("/sitemap-articles.xml").content)
    assert f"{ADDRESS}/news/curfew/" in links_in(client.get("/news-sitemap.xml").content)
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {ADDRESS}/sitemap.xml" in robots
    assert f"Sitemap: {ADDRESS}/news-sitemap.xml" in robots
    assert ":8000" not in robots


OTHER_HOST = "www.other.example"
EXTERNAL = ("https://schema.org", "https://www.facebook.com/", "https://x.com/", "https://wa.me/")


def absolute_links(text: str) -> list[str]:
    """Every absolute http(s) URL in `text`, share links' encoded ones included, less
    the share services' own and schema.org's."""
    decoded = html.unescape(unquote(text))
    found = re.findall(r"https?://[^\s\"'<>]+", decoded)
    return [link for link in found if not link.startswith((*EXTERNAL, "https://t.me/"))]


def on_site(link: str) -> bool:
    return link == ADDRESS or link.startswith(f"{ADDRESS}/")


def test_an_article_page_links_to_the_site_address_whatever_the_host(client, settings, story):
    """Canonical, OpenGraph, Twitter, JSON-LD and share links come from SITE_URL, not
    from the Host header of the request that happened to render (and cache) the page."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]
    story.featured_image = ImageFactory()
    story.save()

    page = client.get(story.get_absolute_url(), HTTP_HOST=OTHER_HOST).content.decode()

    links = absolute_links(page)
    assert OTHER_HOST not in page
    assert all(on_site(link) for link in links), links
    url = f"{ADDRESS}/news/curfew/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert re.search(rf'<meta property="og:image" content="{ADDRESS}/media/', page)
    assert re.search(rf'<meta name="twitter:image" content="{ADDRESS}/media/', page)
    jsonld = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    ]
    assert jsonld[0]["url"] == url and jsonld[1]["itemListElement"][-1]["item"] == url
    assert f"sharer.php?u={quote(url)}" in page
    assert f'class="share-copy" href="{url}"' in page


def test_newsletter_emails_link_to_the_site_address(settings, story):
    settings.SITE_URL = ADDRESS
    story.featured_image = ImageFactory()
    story.save()
    subscriber = SubscriberFactory(email="reader@example.org")
    confirmation = emails.confirmation_message(subscriber)
    plan = issues.plan_issue(newsletter=subscriber.newsletter)
    issue = issues.create_issue(plan=plan)
    digest = emails.issue_message(issue=issue, subscriber=subscriber)

    for message in (confirmation, digest):
        bodies = [message.body, *(content for content, _type in message.alternatives)]
        links = [link for body in bodies for link in absolute_links(body)]
        assert links and all(on_site(link) for link in links), links
        assert message.extra_headers["List-Unsubscribe"].startswith(f"<{ADDRESS}/newsletter/")
        assert message.extra_headers["List-Id"].endswith(".127.0.0.1>")
    assert f"{ADDRESS}/news/curfew/" in digest.body
    assert digest.extra_headers["Message-ID"].endswith("@127.0.0.1>")
