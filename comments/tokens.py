"""The signed "stop these e-mails" link in e-mails about a reader's comments.

Like the newsletter's unsubscribe link it never expires (an old e-mail's link must still
work) and carries only the reader's profile id, never their address. It needs no
sign-in: the signature is the authority, and all it can do is turn e-mails off.
"""

from django.core import signing

STOP_SALT = "comments.notifications.stop"


class InvalidToken(Exception):
    """The token was altered, made with another key, or is not a token at all."""


def make_stop_token(profile_id: int) -> str:
    return signing.Signer(salt=STOP_SALT).sign(str(profile_id))


def read_stop_token(token: str) -> int:
    """The reader profile id in `token`; `InvalidToken` if it is not genuine."""
    try:
        value = signing.Signer(salt=STOP_SALT).unsign(token)
    except signing.BadSignature:
        raise InvalidToken
    if not (value.isascii() and value.isdigit()) or int(value) <= 0:
        raise InvalidToken
    return int(value)
