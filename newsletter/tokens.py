"""Signed links in newsletter e-mails.

A confirmation token expires (settings.NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS); it
carries every subscription one sign-up asked for (a reader may choose several). An
unsubscribe or preferences token does not: it sits in every e-mail a reader keeps, and
an old e-mail's link must still let them leave or change what they get. They carry only
ids (the subscriber's, and the issue an unsubscribe link came in), never the address,
so links in logs or forwarded mail reveal nobody's e-mail.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
PREFERENCES_SALT = "newsletter.preferences"


class InvalidToken(Exception):
    """The token was altered, made with another key, or is not a token at all."""


class ExpiredToken(InvalidToken):
    """The token is genuine but older than its allowed age."""


def make_confirm_token(*subscriber_ids: int) -> str:
    """The confirmation link's token for the subscriptions of one sign-up."""
    if not subscriber_ids:
        raise ValueError("A confirmation token needs at least one subscriber.")
    return signing.dumps(list(subscriber_ids), salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> list[int]:
    """The subscriber ids of a confirmation token. Tokens made before a sign-up could
    join several newsletters hold one id, not a list: they are read as a list of one."""
    max_age = timedelta(days=settings.NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS)
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ExpiredToken
    except signing.BadSignature:
        raise InvalidToken
    if not isinstance(value, list):
        return [_as_id(value)]
    if not value:
        raise InvalidToken
    return [_as_id(item) for item in value]


def make_unsubscribe_token(subscriber_id: int, *, issue_id: int | None = None) -> str:
    """The one-click unsubscribe link's token; with `issue_id`, the issue it came in,
    so the issue's figures count the unsubscribe."""
    value = str(subscriber_id) if issue_id is None else f"{subscriber_id}.{issue_id}"
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(value)


def read_unsubscribe_token(token: str) -> tuple[int, int | None]:
    """(subscriber id, issue id or None)."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        raise InvalidToken
    subscriber, _dot, issue = value.partition(".")
    return _as_id(subscriber), (_as_id(issue) if issue else None)


def make_preferences_token(subscriber_id: int) -> str:
    return signing.Signer(salt=PREFERENCES_SALT).sign(str(subscriber_id))


def read_preferences_token(token: str) -> int:
    try:
        value = signing.Signer(salt=PREFERENCES_SALT).unsign(token)
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
