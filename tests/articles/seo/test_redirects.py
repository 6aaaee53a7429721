"""Old article URLs answer 301 after a slug or section change; manual redirects."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site

from articles.models import Article, ArticleRedirect
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Junta extends martial law",
        slug="martial-law",
        primary_section=SectionFactory(slug="burma", name="Burma"),
    )


def test_new_slug_redirects_old_url(client, story):
    story.slug = "martial-law-extended"
    story.save()
    response = client.get("/burma/martial-law/")
    assert response.status_code == 301
    assert response["Location"] == "/burma/martial-law-extended/"
    assert client.get("/burma/martial-law-extended/").status_code == 200


def test_new_primary_section_redirects_and_keeps_the_query_string(client, story):
    story.primary_section = SectionFactory(slug="asia", name="Asia")
    story.save()
    response = client.get("/burma/martial-law/?utm_source=newsletter")
    assert response.status_code == 301
    assert response["Location"] == "/asia/martial-law/?utm_source=newsletter"


def test_every_old_url_goes_straight_to_the_current_one(client, story):
    for slug in ("second", "third"):
        story.slug = slug
        story.save()
    assert client.get("/burma/martial-law/")["Location"] == "/burma/third/"
    assert client.get("/burma/second/")["Location"] == "/burma/third/"


def test_moving_back_removes_the_loop(client, story):
    story.slug = "renamed"
    story.save()
    story.slug = "martial-law"
    story.save()
    assert client.get("/burma/martial-law/").status_code == 200
    assert client.get("/burma/renamed/")["Location"] == "/burma/martial-law/"
    assert not ArticleRedirect.objects.filter(old_path="/burma/martial-law/").exists()


def test_other_saves_record_nothing(story):
    story.headline = "Junta extends martial law again"
    story.save()
    assert not ArticleRedirect.objects.exists()


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.UNPUBLISHED]
)
def test_no_redirect_to_an_unpublished_article(client, story, status):
    story.slug = "renamed"
    story.save()
    Article.objects.filter(pk=story.pk).update(status=status)
    assert client.get("/burma/martial-law/").status_code == 404


def test_a_new_article_at_the_old_url_wins(client, story):
    story.slug = "renamed"
    story.save()
    ArticleFactory(
        headline="A new story", slug="martial-law", primary_section=story.primary_section
    )
    response = client.get("/burma/martial-law/")
    assert response.status_code == 200
    assert b"A new story" in response.content


def test_editors_manual_redirects(client):
    site = Site.objects.get_current()
    Redirect.objects.create(site=site, old_path="/old-about/", new_path="/about/")
    response = client.get("/old-about/")
    assert response.status_code == 301
    assert response["Location"] == "/about/"


def test_an_articles_old_url_is_asked_before_an_editors_redirect(client, story):
    """Both are 404 fallbacks; the article's, always current, answers first."""
    old_url = story.get_absolute_url()
    story.slug = "martial-law-extended"
    story.save()
    Redirect.objects.create(site=Site.objects.get_current(), old_path=old_url, new_path="/about/")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_an_editors_redirect_covers_an_old_url_of_an_unpublished_article(client, story):
    old_url = story.get_absolute_url()
    story.slug = "martial-law-extended"
    story.save()
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)
    Redirect.objects.create(site=Site.objects.get_current(), old_path=old_url, new_path="/about/")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/about/"


def test_a_flat_page_is_asked_after_both_redirects(client, story):
    """A flat page at a path an editor redirects is hidden by the redirect."""
    flat = FlatPage.objects.create(url="/old-about/", title="Old about", content="<p>Old</p>")
    flat.sites.add(Site.objects.get_current())
    assert client.get("/old-about/").status_code == 200
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/old-about/", new_path="/")
    assert client.get("/old-about/")["Location"] == "/"


def test_old_urls_answer_head_requests_too(client, story):
    old_url = story.get_absolute_url()
    story.slug = "martial-law-extended"
    story.save()
    assert client.head(old_url).status_code == 301


def test_unknown_paths_stay_404(client):
    assert client.get("/nowhere/at-all/").status_code == 404


def test_burmese_slug_change_redirects(client, story):
    story.slug = "မြန်မာ-သတင်း"
    story.save()
    story.slug = "မြန်မာ-သတင်း-၂"
    story.save()
    response = client.get("/burma/မြန်မာ-သတင်း/")
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_renaming_a_section_redirects_its_articles_and_sub_sections(client, story):
    child = SectionFactory(slug="yangon", name="Yangon", parent=story.primary_section)
    ArticleFactory(headline="Inner story", slug="inner", primary_section=child)
    section = story.primary_section
    section.slug = "myanmar"
    section.save()
    assert client.get("/burma/martial-law/")["Location"] == "/myanmar/martial-law/"
    assert client.get("/burma/yangon/inner/")["Location"] == "/myanmar/yangon/inner/"
    assert client.get("/myanmar/yangon/inner/").status_code == 200
    section.slug = "burma"
    section.save()
    assert client.get("/burma/martial-law/").status_code == 200
    assert client.get("/myanmar/martial-law/")["Location"] == "/burma/martial-law/"
