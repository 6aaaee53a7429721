"""A comment typed in Zawgyi is stored in Unicode, silently; Unicode is stored as typed."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.burmese_corpus import UNICODE_SENTENCES, ZAWGYI
from tests.comments.commenters import signed_in
from tests.factories import ArticleFactory
from tests.readers import make_reader

pytestmark = pytest.mark.django_db


def post(client, body):
    story = ArticleFactory(headline="Curfew lifted")
    reader = make_reader("Ma Ei")
    return signed_in(client, reader).post(reverse("comments:post", args=[story.pk]), {"body": body})


def test_a_comment_typed_in_zawgyi_is_stored_in_unicode(client):
    typed, unicode = ZAWGYI[0]
    assert post(client, f"  {typed}\n").status_code == 302
    assert Comment.objects.get().body == unicode


@pytest.mark.parametrize("text", UNICODE_SENTENCES[:3])
def test_a_comment_in_unicode_burmese_is_stored_as_typed(client, text):
    post(client, text)
    assert Comment.objects.get().body == text
