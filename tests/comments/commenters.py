"""Readers and their comments for the readers'-side comments tests."""

from accounts.models import ReaderProfile
from comments.models import Comment


def signed_in(client, reader: ReaderProfile):
    client.force_login(reader.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def comment(article, reader, body="A comment", *, status="approved", parent=None) -> Comment:
    return Comment.objects.create(
        article=article, author=reader.user, body=body, status=status, parent=parent
    )
