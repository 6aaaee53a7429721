import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

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
