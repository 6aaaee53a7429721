"""One message over an open mail connection, in two steps split where the server could
first accept it.

`smtplib.sendmail` runs MAIL FROM, RCPT TO and DATA in one call, so a sender cannot
tell "the server cannot have it yet" from "the server may have it". Here
`send_envelope` (MAIL FROM, RCPT TO) never delivers anything: a sender that dies or
fails during it has provably not sent the message. Only `send_content` (DATA) can,
and only if the connection breaks after the content went out and before the server
answered is the outcome unknown (`OutcomeUnknown`).

Backends that are not SMTP (the console in development, an e-mail service's API
through django-anymail) have no envelope step: `send_content` sends the whole
message. An e-mail service that answers has decided: it refused the recipient
(`AnymailRecipientsRefused`) or did not take the message (`AnymailAPIError` with its
HTTP status). Only a call that got no answer after the request could have gone out
(a read timeout, a dropped connection) leaves the outcome unknown.
"""

import smtplib

import requests
from anymail.exceptions import AnymailAPIError
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from urllib3.exceptions import ConnectTimeoutError


class OutcomeUnknown(Exception):
    """The connection broke during DATA before the server answered: it may have the
    message or not."""


def send_envelope(connection, message: EmailMessage) -> bytes | None:
    """MAIL FROM and RCPT TO on `connection` (open); return the content for
    `send_content`, or None if the connection is not SMTP.

    Refusals raise as `smtplib.sendmail` would (`SMTPSenderRefused`,
    `SMTPRecipientsRefused`), and so does a broken connection.
    """
    if not isinstance(connection, SMTPBackend):
        return None
    smtp = connection.connection
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in message.recipients()]
    content = message.message().as_bytes(linesep="\r\n")
    smtp.ehlo_or_helo_if_needed()
    options = [f"size={len(content)}"] if smtp.does_esmtp and smtp.has_extn("size") else []
    code, reply = smtp.mail(sender, options)
    if code != 250:
        _end_transaction(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for address in recipients:
        code, reply = smtp.rcpt(address)
        if code not in (250, 251):
            refused[address] = (code, reply)
        if code == 421:
            smtp.close()
            raise smtplib.SMTPRecipientsRefused(refused)
    if len(refused) == len(recipients):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    return content


def send_content(connection, message: EmailMessage, content: bytes | None) -> None:
    """DATA: hand `content` (from `send_envelope`) to the server.

    Raises `SMTPDataError` if the server refuses it (it does not have the message) and
    `OutcomeUnknown` if the connection breaks before its answer.
    """
    if content is None:
        try:
            connection.send_messages([message])
        except AnymailAPIError as error:
            if not _answered(error) and not _never_left(error):
                raise OutcomeUnknown(str(error)) from error
            raise
        return
    smtp = connection.connection
    try:
        code, reply = smtp.data(content)
    except smtplib.SMTPResponseException:
        raise  # DATA itself refused: no content went out.
    except OSError as error:  # includes SMTPServerDisconnected and timeouts
        raise OutcomeUnknown(str(error)) from error
    if code != 250:
        _end_transaction(smtp, code)
        raise smtplib.SMTPDataError(code, reply)


def _answered(error: AnymailAPIError) -> bool:
    """Did the e-mail service answer the call (whatever it said)?"""
    return error.status_code is not None or getattr(error.__cause__, "response", None) is not None


def _never_left(error: AnymailAPIError) -> bool:
    """Did the call fail before a request could reach the service (no connection
    made: refused, unknown host, connect timeout)?"""
    cause = error.__cause__
    if isinstance(cause, requests.ConnectTimeout):
        return True
    if not isinstance(cause, requests.ConnectionError) or not cause.args:
        return False
    # requests wraps urllib3's MaxRetryError, whose reason says what failed;
    # NewConnectionError (refused, unknown host) is a ConnectTimeoutError.
    return isinstance(getattr(cause.args[0], "reason", None), ConnectTimeoutError)


def _end_transaction(smtp: smtplib.SMTP, code: int) -> None:
    """After a refusal, as `sendmail` does: 421 means the server is closing the
    connection; anything else leaves it usable once reset."""
    if code == 421:
        smtp.close()
    else:
        smtp.rset()
