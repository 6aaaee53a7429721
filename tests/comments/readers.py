"""Readers and moderators for the moderation tests (admin, e-mails, deletion)."""

from django.contrib.auth.models import Group, User

from comments.models import Comment
from tests import readers


def make_reader(name: str, **fields) -> User:
    """The user of a reader made by `tests.readers.make_reader`."""
    return readers.make_reader(name, **fields).user


def make_staff(username: str, group: str) -> User:
    user = User.objects.create_user(username, f"{username}@newsroom.example", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def comment(story, author, body="A comment", **fields) -> Comment:
    return Comment.objects.create(article=story, author=author, body=body, **fields)
