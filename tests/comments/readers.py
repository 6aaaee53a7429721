"""Readers and moderators for the moderation tests (admin, e-mails, deletion)."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User

from accounts.models import ReaderProfile
from comments.models import Comment


def make_reader(name: str, *, verified: bool = True, **profile) -> User:
    """A reader as signing up makes one: a user who is not staff, their profile and
    their (confirmed) primary address, `ko.zaw@example.org` for Ko Zaw."""
    email = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".") + "@example.org"
    user = User.objects.create_user(email, email, "a long passphrase")
    ReaderProfile.objects.create(user=user, display_name=name, **profile)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def make_staff(username: str, group: str) -> User:
    user = User.objects.create_user(username, f"{username}@newsroom.example", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def comment(story, author, body="A comment", **fields) -> Comment:
    return Comment.objects.create(article=story, author=author, body=body, **fields)
