"""Signed links in newsletter e-mails.

A confirmation token expires (settings.NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS). An
unsubscribe token does not: it sits in every e-mail a reader keeps, and an old e-mail's
link must still let them leave. Both carry only the subscriber's id, never the address,
so links in logs or forwarded mail reveal nobody's e-mail.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class InvalidToken(Exception):
    """The token was altered, made with another key, or is not a token at all."""


class ExpiredToken(InvalidToken):
    """The token is genuine but older than its allowed age."""


def make_confirm_token(subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> int:
    max_age = timedelta(days=settings.NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS)
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ExpiredToken
    except signing.BadSignature:
        raise InvalidToken
    return _as_id(value)


def make_unsubscribe_token(subscriber_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber_id))


def read_unsubscribe_token(token: str) -> int:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        raise InvalidToken
    return _as_id(value)


def _as_id(value) -> int:
    try:
        subscriber_id = int(value)
    except (TypeError, ValueError):
        raise InvalidToken
    if subscriber_id <= 0:
        raise InvalidToken
    return subscriber_id
