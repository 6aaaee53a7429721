"""Signed, expiring preview links: an editor shares a story before it is published.

The token in the URL is the authority (no login needed, so a colleague or a source can
read it), it names one article and expires after `ARTICLE_PREVIEW_MAX_AGE` seconds.
Preview pages are never indexed, cached or counted.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "articles.preview"


def preview_url(article) -> str:
    token = signing.dumps({"article": article.pk}, salt=SALT, compress=True)
    return reverse("articles:preview", kwargs={"token": token})


def article_id_from_token(token: str) -> int | None:
    """The article a valid, unexpired token names, or None."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.ARTICLE_PREVIEW_MAX_AGE)
    except signing.BadSignature:  # tampered, truncated or expired (SignatureExpired)
        return None
    article_id = payload.get("article") if isinstance(payload, dict) else None
    return article_id if isinstance(article_id, int) else None
