import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from sections.models import Section
from tests.factories import SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_path_follows_the_tree_and_updates_descendants():
    news = SectionFactory(name="News", slug="news")
    burma = SectionFactory(name="Burma", slug="burma", parent=news)
    assert burma.path == "news/burma"
    assert str(burma) == "News › Burma"
    assert burma.get_absolute_url() == "/news/burma/"
    news.slug = "latest"
    news.save()
    burma.refresh_from_db()
    assert burma.path == "latest/burma"
    news.name = "Latest"
    news.save()
    burma.refresh_from_db()
    assert str(burma) == "Latest › Burma"


def test_slug_is_unique_among_siblings_only():
    news, opinion = SectionFactory(slug="news"), SectionFactory(slug="opinion")
    SectionFactory(slug="analysis", parent=news)
    SectionFactory(slug="analysis", parent=opinion)
    with pytest.raises(ValidationError):
        Section(name="Dup", slug="analysis", parent=news).full_clean()
    with pytest.raises(IntegrityError):
        Section.objects.create(name="Root dup", slug="news")


def test_a_section_cannot_sit_inside_itself():
    news = SectionFactory(slug="news")
    child = SectionFactory(slug="burma", parent=news)
    news.parent = child
    with pytest.raises(ValidationError):
        news.clean()


def test_tree_is_one_query_cached_and_refreshed_on_change(django_assert_num_queries):
    news = SectionFactory(name="News", slug="news", position=0)
    SectionFactory(name="Burma", slug="burma", parent=news, position=1)
    SectionFactory(name="World", slug="world", parent=news, position=0)
    with django_assert_num_queries(1):
        tree = Section.objects.tree()
        Section.objects.tree()
    assert [s.name for s in tree.children_of(tree.by_path["news"])] == ["World", "Burma"]
    SectionFactory(name="Asia", slug="asia", parent=news, position=5)
    assert "news/asia" in Section.objects.tree().by_path


def test_inactive_sections_and_their_children_leave_the_tree():
    news = SectionFactory(slug="news")
    hidden = SectionFactory(slug="hidden", is_active=False)
    SectionFactory(slug="below", parent=hidden)
    tree = Section.objects.tree()
    assert set(tree.by_path) == {"news"}
    assert tree.menu() == [(news, [])]


def test_ancestors_and_descendants():
    news = SectionFactory(slug="news")
    burma = SectionFactory(slug="burma", parent=news)
    yangon = SectionFactory(slug="yangon", parent=burma)
    tree = Section.objects.tree()
    assert [s.slug for s in tree.ancestors(tree.by_path["news/burma/yangon"])] == ["news", "burma"]
    assert set(tree.descendant_ids(tree.by_path["news"])) == {news.pk, burma.pk, yangon.pk}


def test_burmese_section_name_gets_a_full_slug():
    section = Section.objects.create(name="မြန်မာ့ အရေး")
    assert section.slug == "မြန်မာ့-အရေး"


def test_footer_links_follow_an_editors_change_to_a_static_page(client):
    from django.contrib.flatpages.models import FlatPage

    page = FlatPage.objects.create(url="/about/", title="About us", content="<p>Hi</p>")
    page.sites.add(1)
    assert ">About us</a>" in client.get("/about/").content.decode()
    page.title = "Who we are"
    page.save()
    html = client.get("/about/").content.decode()
    assert ">Who we are</a>" in html and ">About us</a>" not in html


def test_menus_and_contents_follow_an_editors_change_on_the_next_page(client):
    news = Section.objects.create(name="News", slug="news", show_in_footer=True)
    Section.objects.create(name="Burma", slug="burma", parent=news, show_in_footer=True)
    html = client.get("/").content.decode()
    assert html.count(">Burma</a>") == 2  # header menu and footer contents
    burma = Section.objects.get(slug="burma")
    burma.name = "Myanmar"
    burma.save()
    html = client.get("/").content.decode()
    assert html.count(">Myanmar</a>") == 2 and ">Burma</a>" not in html
    # The header menu marks the section being read, and only there.
    section_page = parse(client.get("/news/").content.decode())
    assert [link.text for link in section_page.all("nav.site-menu [aria-current]")] == ["News"]
    assert parse(client.get("/").content.decode()).all("nav.site-menu [aria-current]") == []
