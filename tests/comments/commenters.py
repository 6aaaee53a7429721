"""Readers and their comments for the readers'-side comments tests."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import ReaderProfile
from comments.models import Comment

PASSWORD = "a long reader passphrase"


def make_reader(name="Ma Ei", *, email=None, verified=True, banned=False) -> ReaderProfile:
    """A reader with a confirmed address (unless `verified=False`)."""
    email = email or f"{name.lower().replace(' ', '.')}@example.org"
    user = User.objects.create_user(email, email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return ReaderProfile.objects.create(
        user=user, display_name=name, banned_at=timezone.now() if banned else None
    )


def signed_in(client, reader: ReaderProfile):
    client.force_login(reader.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def comment(article, reader, body="A comment", *, status="approved", parent=None) -> Comment:
    return Comment.objects.create(
        article=article, author=reader.user, body=body, status=status, parent=parent
    )
