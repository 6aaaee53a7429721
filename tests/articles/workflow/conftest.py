import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from articles.models import Article
from tests.factories import AuthorFactory, SectionFactory


def staff(username: str, role: str | None = None, **extra) -> User:
    # No password: tests log in with force_login, and hashing one costs ~0.2 s.
    user = User.objects.create_user(username, is_staff=True, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(db):
    """A contributor with a byline, a second contributor, an editor and a superuser."""
    writer = staff("thida", "Contributor")
    AuthorFactory(name="Ma Thida", user=writer)
    return {
        "contributor": writer,
        "other_contributor": staff("aung", "Contributor"),
        "editor": staff("editor", "Editor"),
        "superuser": staff("boss", is_superuser=True),
    }


@pytest.fixture
def section(db):
    return SectionFactory(name="News", slug="news")


@pytest.fixture
def reporter(db):
    return AuthorFactory(name="Ma Thida")


def change_data(article, **overrides):
    """The article change form as the admin would post it, bylines and notes included,
    opened just now (the edit version it carries is the stored one)."""
    bylines = list(article.articleauthor_set.all())
    opened_version = Article.objects.values_list("edit_version", flat=True).get(pk=article.pk)
    data = {
        "edit_version": str(opened_version),
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "publish_at_0": article.publish_at.strftime("%Y-%m-%d") if article.publish_at else "",
        "publish_at_1": article.publish_at.strftime("%H:%M:%S") if article.publish_at else "",
        "kind": article.kind,
        "primary_section": article.primary_section_id,
        "tags": ", ".join(tag.name for tag in article.tags.all()),
        "articleauthor_set-TOTAL_FORMS": str(len(bylines)),
        "articleauthor_set-INITIAL_FORMS": str(len(bylines)),
        "articleauthor_set-MIN_NUM_FORMS": "0",
        "articleauthor_set-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": str(article.corrections.count()),
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    for index, byline in enumerate(bylines):
        data[f"articleauthor_set-{index}-id"] = byline.pk
        data[f"articleauthor_set-{index}-article"] = article.pk
        data[f"articleauthor_set-{index}-author"] = byline.author_id
        data[f"articleauthor_set-{index}-position"] = byline.position
    data.update(overrides)
    return data
