"""Every absolute link that leaves the request (feeds, sitemaps, robots.txt, e-mails)
uses the one site address, `SITE_URL`, which in development follows HOST and PORT."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.sites.models import Site

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

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
